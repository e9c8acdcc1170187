package io.captionflow.job.session;

import io.captionflow.schema.wire.AudioChunks;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The last {@code capacity} samples of a session rounded to 16-bit PCM (input is 16-bit anyway;
 * state stores them as 16-bit), addressed by session sample index. Its size is fixed: state does
 * not grow with the session.
 */
public final class AudioRing {

  public static final int SAMPLE_RATE = AudioChunks.SAMPLE_RATE;

  /**
   * One encoder frame (80 ms): windows start on this grid so token frames line up across windows.
   */
  public static final int FRAME_SAMPLES = 1_280;

  /** Exactly 1 / 32768: multiplying by it gives the same float as dividing. */
  private static final float PCM16_SCALE = 1f / 32768f;

  /** A stored block: 0.5 s of PCM16 (16 KB), addressed by session sample / BLOCK_SAMPLES. */
  public static final int BLOCK_SAMPLES = 8_000;

  /** Samples rounded to 16 bits, as floats: a window is read with two array copies. */
  private final float[] data;

  private final long start;
  private long total;

  /** Samples before this are in the block store as of the last {@link #persist}. */
  private long persistedThrough;

  public AudioRing(int capacity) {
    this(new float[capacity], 0, 0);
  }

  private AudioRing(float[] data, long start, long total) {
    this.data = data;
    this.start = start;
    this.total = total;
    this.persistedThrough = start;
  }

  /**
   * An empty ring whose first sample will be session sample {@code start} (settings changed
   * mid-session).
   */
  public static AudioRing startingAt(int capacity, long start) {
    return new AudioRing(new float[capacity], start, start);
  }

  /** Samples appended since the session began: the session's audio clock. */
  public long totalSamples() {
    return total;
  }

  /** Oldest sample index still held. */
  public long oldestSample() {
    return Math.max(start, total - data.length);
  }

  public void append(float[] samples, int offset, int length) {
    if (length > data.length) { // only the last capacity samples stay
      total += length - data.length;
      offset += length - data.length;
      length = data.length;
    }
    int at = (int) (total % data.length);
    int first = Math.min(length, data.length - at);
    for (int i = 0; i < first; i++) {
      data[at + i] = toPcm16(samples[offset + i]) * PCM16_SCALE;
    }
    for (int i = first; i < length; i++) {
      data[i - first] = toPcm16(samples[offset + i]) * PCM16_SCALE;
    }
    total += length;
  }

  public void appendSilence(long length) {
    long n = Math.min(length, data.length);
    for (long i = total + length - n; i < total + length; i++) {
      data[(int) (i % data.length)] = 0;
    }
    total += length;
  }

  /** Samples [from, to) of the session as floats; the range must still be held. */
  public float[] read(long from, long to) {
    if (from < oldestSample() || to > total || from > to) {
      throw new IllegalArgumentException(
          "samples ["
              + from
              + ", "
              + to
              + ") not held: ring has ["
              + oldestSample()
              + ", "
              + total
              + ")");
    }
    float[] out = new float[(int) (to - from)];
    // two straight runs (up to the ring's end, then from its start): no modulo per sample
    int at = (int) (from % data.length);
    int first = Math.min(out.length, data.length - at);
    System.arraycopy(data, at, out, 0, first);
    System.arraycopy(data, 0, out, first, out.length - first);
    return out;
  }

  /** {@code samples} as the ring holds them: rounded to 16 bits. */
  static float[] quantized(float[] samples) {
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = toPcm16(samples[i]) / 32768f;
    }
    return out;
  }

  static short toPcm16(float sample) {
    // scaling a float by 2^15 is exact, so float rounding equals the double one
    int s = Math.round(sample * 32768f);
    return (short) Math.max(-32768, Math.min(32767, s));
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(start);
    out.writeLong(total);
    out.writeInt(data.length);
    // Only the samples actually held, oldest first: a young session's state stays small.
    long from = oldestSample();
    int held = (int) (total - from);
    out.writeInt(held);
    ByteBuffer bytes = ByteBuffer.allocate(held * 2);
    for (long i = from; i < total; i++) {
      bytes.putShort(toPcm16(data[(int) (i % data.length)]));
    }
    out.write(bytes.array());
  }

  static AudioRing read(DataInput in) throws IOException {
    long start = in.readLong();
    long total = in.readLong();
    float[] data = new float[in.readInt()];
    int held = in.readInt();
    byte[] raw = new byte[held * 2];
    in.readFully(raw);
    ByteBuffer bytes = ByteBuffer.wrap(raw);
    for (long i = total - held; i < total; i++) {
      data[(int) (i % data.length)] = bytes.getShort() * PCM16_SCALE;
    }
    return new AudioRing(data, start, total);
  }

  /** Positions and size only; the samples live in the block store. */
  void writeMeta(DataOutput out) throws IOException {
    out.writeLong(start);
    out.writeLong(total);
    out.writeInt(data.length);
  }

  /**
   * Writes the blocks holding samples appended since the last persist (the last, partly filled
   * block again) and removes blocks the ring no longer holds, from {@code lowestStored} on. Returns
   * the lowest block still stored.
   */
  long persist(AudioBlocks blocks, long lowestStored) throws Exception {
    long firstHeld = oldestSample() / BLOCK_SAMPLES;
    for (long b = lowestStored; b < firstHeld; b++) {
      blocks.remove(b);
    }
    writeBlocksThrough(blocks, total);
    return Math.max(lowestStored, firstHeld);
  }

  /**
   * Writes the blocks filled since the last persist, so a checkpoint finds only a partly filled
   * block per session left to write instead of every session's audio since the one before.
   */
  void persistFilledBlocks(AudioBlocks blocks) throws Exception {
    long filledThrough = total / BLOCK_SAMPLES * BLOCK_SAMPLES;
    if (filledThrough > persistedThrough) {
      writeBlocksThrough(blocks, filledThrough);
    }
  }

  /** Writes the blocks holding samples [last persisted, {@code end}) still in the ring. */
  private void writeBlocksThrough(AudioBlocks blocks, long end) throws Exception {
    long oldest = oldestSample();
    for (long b = Math.max(oldest, persistedThrough) / BLOCK_SAMPLES;
        b * BLOCK_SAMPLES < end;
        b++) {
      long from = Math.max(oldest, b * BLOCK_SAMPLES);
      long to = Math.min(end, (b + 1) * BLOCK_SAMPLES);
      ByteBuffer bytes = ByteBuffer.allocate(8 + (int) (to - from) * 2);
      bytes.putLong(from);
      for (long i = from; i < to; i++) {
        bytes.putShort(toPcm16(data[(int) (i % data.length)]));
      }
      blocks.put(b, bytes.array());
    }
    persistedThrough = end;
  }

  /** A ring written by {@link #writeMeta}, its samples read back from the block store. */
  static AudioRing readMeta(DataInput in, AudioBlocks blocks) throws Exception {
    long start = in.readLong();
    long total = in.readLong();
    AudioRing ring = new AudioRing(new float[in.readInt()], start, total);
    long oldest = ring.oldestSample();
    for (long b = oldest / BLOCK_SAMPLES; b * BLOCK_SAMPLES < total; b++) {
      byte[] stored = blocks.get(b);
      if (stored == null) {
        throw new IllegalStateException(
            "audio block " + b + " missing from state: samples [" + oldest + ", " + total + ")");
      }
      ByteBuffer bytes = ByteBuffer.wrap(stored);
      long from = bytes.getLong();
      for (long i = from; bytes.hasRemaining(); i++) {
        short sample = bytes.getShort();
        if (i >= oldest) {
          ring.data[(int) (i % ring.data.length)] = sample * PCM16_SCALE;
        }
      }
    }
    ring.persistedThrough = total;
    return ring;
  }
}
