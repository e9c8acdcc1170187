package io.captionflow.job.session;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a session's chunks back in sequence order: duplicates are dropped, a chunk arriving early
 * waits (up to {@code window} held chunks) for the ones before it, and a chunk still missing then
 * is replaced by silence of its predecessor's length, reported, so the timeline never shifts.
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
    DUPLICATE
  }

  private final int window;
  private long next;
  private int lastChunkSamples;
  private final TreeMap<Long, Audio> held = new TreeMap<>();

  public ChunkSequencer(int window) {
    this.window = window;
  }

  /** Offers one chunk; ordered audio (and gap silence) is appended to {@code out}. */
  public Outcome offer(Audio chunk, List<Release> out) {
    long seq = chunk.sequence();
    if (seq < next || held.containsKey(seq)) {
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

  private void fillFirstGap(List<Release> out) {
    long firstHeld = held.firstKey();
    if (firstHeld > next) {
      long missing = firstHeld - next;
      int perChunk =
          lastChunkSamples > 0 ? lastChunkSamples : held.firstEntry().getValue().samples().length;
      out.add(new Gap(next, firstHeld - 1, missing * perChunk));
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
  }

  static ChunkSequencer read(DataInput in, int window) throws IOException {
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
    return s;
  }
}
