package io.captionflow.job.session;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a session's chunks back in sequence order. Within the reorder bound ({@code window} chunks
 * held while one is missing) late, out-of-order and duplicated chunks lose nothing: a chunk
 * arriving early waits for the ones before it, duplicates are dropped. Beyond the bound the first
 * missing chunks are replaced by silence of their predecessor's length, reported, so the timeline
 * never shifts; a chunk that arrives after its place was filled is {@link Outcome#TOO_LATE}, not a
 * duplicate.
 */
public final class ChunkSequencer {

  /** One step of the ordered timeline: real audio, or silence standing in for lost chunks. */
  public sealed interface Release permits Audio, Gap {}

  public record Audio(long sequence, float[] samples, long captureTimeMillis, boolean endOfStream)
      implements Release {}

  public record Gap(long firstMissing, long lastMissing, long silenceSamples) implements Release {}

  /** What one offered chunk did. */
  public enum Outcome {
    IN_ORDER,
    REORDERED,
    HELD,
    /** Already released (or already held): dropped. */
    DUPLICATE,
    /** Its place was filled with silence before it arrived: dropped, the caller reports it. */
    TOO_LATE
  }

  /** Filled gaps remembered so a chunk arriving after its gap is told from a duplicate. */
  static final int REMEMBERED_GAPS = 32;

  private final int window;
  private long next;
  private int lastChunkSamples;
  private final TreeMap<Long, Audio> held = new TreeMap<>();

  /** Filled gaps, first missing sequence to last, the newest {@link #REMEMBERED_GAPS}. */
  private final TreeMap<Long, Long> filled = new TreeMap<>();

  public ChunkSequencer(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("reorder window must be at least 1 chunk, got " + window);
    }
    this.window = window;
  }

  /** The reorder bound: how many chunks may wait for a missing one before it is given up. */
  public int window() {
    return window;
  }

  /** The sequence released next: every chunk before it has been released (as audio or silence). */
  public long next() {
    return next;
  }

  /** Offers one chunk; ordered audio (and gap silence) is appended to {@code out}. */
  public Outcome offer(Audio chunk, List<Release> out) {
    long seq = chunk.sequence();
    if (seq < next) {
      return wasFilled(seq) ? Outcome.TOO_LATE : Outcome.DUPLICATE;
    }
    if (held.containsKey(seq)) {
      return Outcome.DUPLICATE;
    }
    if (seq > next) {
      held.put(seq, chunk);
      if (held.size() > window) {
        fillFirstGap(out);
        drain(out);
      }
      return Outcome.HELD;
    }
    boolean late = !held.isEmpty();
    release(chunk, out);
    drain(out);
    return late ? Outcome.REORDERED : Outcome.IN_ORDER;
  }

  /** Releases everything held, filling gaps: the session is ending. */
  public void flush(List<Release> out) {
    while (!held.isEmpty()) {
      fillFirstGap(out);
      drain(out);
    }
  }

  private boolean wasFilled(long seq) {
    Map.Entry<Long, Long> gap = filled.floorEntry(seq);
    return gap != null && seq <= gap.getValue();
  }

  private void fillFirstGap(List<Release> out) {
    long firstHeld = held.firstKey();
    if (firstHeld > next) {
      long missing = firstHeld - next;
      int perChunk =
          lastChunkSamples > 0 ? lastChunkSamples : held.firstEntry().getValue().samples().length;
      out.add(new Gap(next, firstHeld - 1, missing * perChunk));
      filled.put(next, firstHeld - 1);
      while (filled.size() > REMEMBERED_GAPS) {
        filled.pollFirstEntry();
      }
      next = firstHeld;
    }
  }

  private void drain(List<Release> out) {
    Map.Entry<Long, Audio> first;
    while ((first = held.firstEntry()) != null && first.getKey() == next) {
      held.pollFirstEntry();
      release(first.getValue(), out);
    }
  }

  private void release(Audio chunk, List<Release> out) {
    out.add(chunk);
    if (chunk.samples().length > 0) {
      lastChunkSamples = chunk.samples().length;
    }
    next = chunk.sequence() + 1;
  }

  /** Writes the newest form: the held chunks, then the remembered filled gaps. */
  void write(DataOutput out) throws IOException {
    out.writeLong(next);
    out.writeInt(lastChunkSamples);
    out.writeInt(held.size());
    for (Audio a : held.values()) {
      out.writeLong(a.sequence());
      out.writeLong(a.captureTimeMillis());
      out.writeBoolean(a.endOfStream());
      out.writeInt(a.samples().length);
      for (float s : a.samples()) {
        out.writeFloat(s);
      }
    }
    out.writeInt(filled.size());
    for (Map.Entry<Long, Long> gap : filled.entrySet()) {
      out.writeLong(gap.getKey());
      out.writeLong(gap.getValue());
    }
  }

  /**
   * Reads what {@link #write} wrote; {@code withFilledGaps} is false for state written before
   * filled gaps were remembered.
   */
  static ChunkSequencer read(DataInput in, int window, boolean withFilledGaps) throws IOException {
    ChunkSequencer s = new ChunkSequencer(window);
    s.next = in.readLong();
    s.lastChunkSamples = in.readInt();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      long seq = in.readLong();
      long capture = in.readLong();
      boolean eos = in.readBoolean();
      float[] samples = new float[in.readInt()];
      for (int k = 0; k < samples.length; k++) {
        samples[k] = in.readFloat();
      }
      s.held.put(seq, new Audio(seq, samples, capture, eos));
    }
    if (withFilledGaps) {
      int gaps = in.readInt();
      for (int i = 0; i < gaps; i++) {
        s.filled.put(in.readLong(), in.readLong());
      }
    }
    return s;
  }
}
