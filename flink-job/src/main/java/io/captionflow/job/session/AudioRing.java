package io.captionflow.job.session;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The last {@code capacity} samples of a session as 16-bit PCM (half the bytes of floats; input is
 * 16-bit anyway), addressed by session sample index. Its size is fixed: state does not grow with
 * the session.
 */
public final class AudioRing {

  public static final int SAMPLE_RATE = 16_000;

  /**
   * One encoder frame (80 ms): windows start on this grid so token frames line up across windows.
   */
  public static final int FRAME_SAMPLES = 1_280;

  private final short[] data;
  private final long start;
  private long total;

  public AudioRing(int capacity) {
    this(new short[capacity], 0, 0);
  }

  private AudioRing(short[] data, long start, long total) {
    this.data = data;
    this.start = start;
    this.total = total;
  }

  /**
   * An empty ring whose first sample will be session sample {@code start} (settings changed
   * mid-session).
   */
  public static AudioRing startingAt(int capacity, long start) {
    return new AudioRing(new short[capacity], start, start);
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
    for (int i = 0; i < length; i++) {
      data[(int) ((total + i) % data.length)] = toPcm16(samples[offset + i]);
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
    for (int i = 0; i < out.length; i++) {
      out[i] = data[(int) ((from + i) % data.length)] / 32768f;
    }
    return out;
  }

  static short toPcm16(float sample) {
    long s = Math.round((double) sample * 32768.0);
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
      bytes.putShort(data[(int) (i % data.length)]);
    }
    out.write(bytes.array());
  }

  static AudioRing read(DataInput in) throws IOException {
    long start = in.readLong();
    long total = in.readLong();
    short[] data = new short[in.readInt()];
    int held = in.readInt();
    byte[] raw = new byte[held * 2];
    in.readFully(raw);
    ByteBuffer bytes = ByteBuffer.wrap(raw);
    for (long i = total - held; i < total; i++) {
      data[(int) (i % data.length)] = bytes.getShort();
    }
    return new AudioRing(data, start, total);
  }
}
