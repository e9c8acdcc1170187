package io.captionflow.job.enhance;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Splits a session's chunks, read in audio-topic order, into its recorded runs. A run is told apart
 * by its chunk sequence restarting: a chunk with sequence 0 starts a new run, unless it repeats the
 * current run's first chunk (a producer retry) before anything else of that run arrived.
 */
final class RecordedRuns {

  private final List<RecordedRun> runs = new ArrayList<>();
  private Builder current;

  /** One chunk of the session, in topic order. */
  void add(int partition, long offset, long timestamp, AudioChunk chunk) {
    boolean repeatsFirst =
        current != null && current.chunks == 1 && current.maxSequence == 0 && !current.endOfStream;
    if (current == null || chunk.getSequence() == 0 && !repeatsFirst) {
      close();
      current = new Builder(partition, offset, timestamp);
    }
    current.add(offset, timestamp, chunk);
  }

  /** The runs in topic order, oldest first. */
  List<RecordedRun> runs() {
    close();
    return List.copyOf(runs);
  }

  private void close() {
    if (current != null) {
      runs.add(current.build());
      current = null;
    }
  }

  private static final class Builder {
    final int partition;
    final long firstOffset;
    final long firstTimestamp;
    long lastOffset;
    long lastTimestamp;
    long chunks;
    long maxSequence = -1;

    /** Samples per sequence seen, so a repeat counts once and a gap as its predecessor. */
    final TreeMap<Long, Integer> samples = new TreeMap<>();

    boolean endOfStream;

    Builder(int partition, long offset, long timestamp) {
      this.partition = partition;
      this.firstOffset = offset;
      this.firstTimestamp = timestamp;
    }

    void add(long offset, long timestamp, AudioChunk chunk) {
      lastOffset = offset;
      lastTimestamp = timestamp;
      chunks++;
      maxSequence = Math.max(maxSequence, chunk.getSequence());
      int bytesPerSample = chunk.getEncoding() == AudioEncoding.F32 ? 4 : 2;
      samples.put(chunk.getSequence(), chunk.getPcm().remaining() / bytesPerSample);
      endOfStream |= chunk.getEndOfStream();
    }

    RecordedRun build() {
      long total = 0;
      int previous = 0;
      for (long seq = 0; seq <= maxSequence; seq++) {
        Integer n = samples.get(seq);
        int here = n != null ? n : previous;
        total += here;
        if (here > 0) {
          previous = here;
        }
      }
      return new RecordedRun(
          partition,
          firstOffset,
          lastOffset,
          firstTimestamp,
          lastTimestamp,
          chunks,
          total / (double) RunAudio.SAMPLE_RATE,
          endOfStream);
    }
  }
}
