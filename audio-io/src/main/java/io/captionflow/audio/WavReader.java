package io.captionflow.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads RIFF/WAVE audio (PCM 8/16/24/32-bit, IEEE float 32/64, plain or WAVE_FORMAT_EXTENSIBLE, any
 * channel count, downmixed to mono by averaging) as floats in [-1, 1].
 *
 * <p>Use {@link #read(Path)} for a whole file, or {@link #open(InputStream)} and {@link
 * #read(float[], int, int)} to stream long recordings frame block by frame block. A data chunk size
 * of {@code 0xFFFFFFFF} (written by tools streaming to a pipe) means "until end of stream". Any
 * other problem throws {@link WavFormatException} naming it.
 */
public final class WavReader implements AutoCloseable {

  /** Lowest sample rate accepted; anything below is treated as a corrupt header. */
  public static final int MIN_SAMPLE_RATE = 1_000;

  /** Highest sample rate accepted; anything above is treated as a corrupt header. */
  public static final int MAX_SAMPLE_RATE = 768_000;

  /** Most interleaved channels accepted. */
  public static final int MAX_CHANNELS = 64;

  /** Most bytes one {@link #read} call buffers, so a declared length never sizes an allocation. */
  static final int MAX_READ_BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final WavFormat format;
  private final long dataBytes; // -1: until end of stream
  private final long dataOffset;
  private long dataRead;
  private byte[] buffer = new byte[0];

  private WavReader(InputStream in, WavFormat format, long dataBytes, long dataOffset) {
    this.in = in;
    this.format = format;
    this.dataBytes = dataBytes;
    this.dataOffset = dataOffset;
  }

  /** Reads a whole WAV file into mono floats. */
  public static PcmAudio read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      return read(in);
    } catch (WavFormatException e) {
      throw new WavFormatException(path + ": " + e.getMessage());
    }
  }

  /** Reads a whole WAV stream into mono floats; does not close the stream. */
  public static PcmAudio read(InputStream in) throws IOException {
    WavReader reader = open(in);
    long declared = reader.declaredFrames();
    // trust the header's size only up to 4 Mi samples: a corrupt header must not allocate gigabytes
    // up front
    float[] samples = new float[declared >= 0 ? (int) Math.min(declared, 1 << 22) : 1 << 16];
    int n = 0;
    while (true) {
      if (n == samples.length) {
        samples =
            Arrays.copyOf(
                samples, (int) Math.min((long) samples.length * 2 + 1024, Integer.MAX_VALUE - 8));
      }
      int got = reader.read(samples, n, samples.length - n);
      if (got < 0) {
        break;
      }
      n += got;
    }
    return new PcmAudio(
        n == samples.length ? samples : Arrays.copyOf(samples, n), reader.format.sampleRate());
  }

  /**
   * Parses the header up to the start of the sample data; the reader then streams frames from
   * {@code in}.
   */
  public static WavReader open(InputStream in) throws IOException {
    WavHeader header = WavHeader.read(in);
    return new WavReader(in, header.format(), header.dataBytes(), header.dataOffset());
  }

  /** The stream's format as declared by its header. */
  public WavFormat format() {
    return format;
  }

  /** Bytes before the first sample (all header chunks). */
  public long dataOffset() {
    return dataOffset;
  }

  /** Bytes the data chunk declares, or -1 when the length is unknown (streamed WAV). */
  public long declaredDataBytes() {
    return dataBytes;
  }

  /** Frames the data chunk declares, or -1 when the length is unknown (streamed WAV). */
  public long declaredFrames() {
    return dataBytes < 0 ? -1 : dataBytes / format.frameBytes();
  }

  /**
   * Reads up to {@code maxFrames} mono frames (at most 64 KiB of sample data per call) into {@code
   * dst}. Returns the number read (at least 1 when {@code maxFrames > 0}), or -1 at the end of the
   * data.
   *
   * @throws WavFormatException when the data ends before the declared size or in the middle of a
   *     frame
   */
  public int read(float[] dst, int offset, int maxFrames) throws IOException {
    int frameBytes = format.frameBytes();
    long remainingFrames = dataBytes < 0 ? Long.MAX_VALUE : (dataBytes - dataRead) / frameBytes;
    if (remainingFrames == 0) {
      return -1;
    }
    int frames =
        (int)
            Math.min(
                Math.min(maxFrames, remainingFrames),
                Math.max(1, MAX_READ_BUFFER_BYTES / frameBytes));
    if (frames == 0) {
      return 0;
    }
    int wanted = frames * frameBytes;
    if (buffer.length < wanted) {
      buffer = new byte[wanted];
    }
    int got = readAtLeastOneFrame(buffer, wanted, frameBytes);
    if (got < 0) {
      if (dataBytes >= 0) {
        throw truncated();
      }
      return -1;
    }
    dataRead += got;
    int framesRead = got / frameBytes;
    decode(buffer, framesRead, dst, offset);
    return framesRead;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads whole frames; -1 on a clean end of stream; throws if the stream ends inside a frame. */
  private int readAtLeastOneFrame(byte[] buf, int wanted, int frameBytes) throws IOException {
    int n = 0;
    while (n < wanted) {
      int r = in.read(buf, n, wanted - n);
      if (r < 0) {
        break;
      }
      n += r;
      if (n >= frameBytes && n % frameBytes == 0 && in.available() == 0) {
        break;
      }
    }
    if (n == 0) {
      return -1;
    }
    if (n % frameBytes != 0) {
      throw dataBytes >= 0
          ? truncated()
          : new WavFormatException(
              "WAV data is truncated: the stream ends inside a sample frame ("
                  + (n % frameBytes)
                  + " of "
                  + frameBytes
                  + " bytes)");
    }
    return n;
  }

  private WavFormatException truncated() {
    return new WavFormatException(
        "WAV data is truncated: the 'data' chunk declares "
            + dataBytes
            + " bytes but the stream ends after "
            + dataRead
            + " whole bytes");
  }

  private void decode(byte[] buf, int frames, float[] dst, int offset) {
    int channels = format.channels();
    int bytes = format.bitsPerSample() / 8;
    float scale = 1f / channels;
    int p = 0;
    for (int f = 0; f < frames; f++) {
      float sum = 0;
      for (int c = 0; c < channels; c++, p += bytes) {
        sum += sample(buf, p);
      }
      dst[offset + f] = channels == 1 ? sum : sum * scale;
    }
  }

  private float sample(byte[] b, int p) {
    switch (format.encoding()) {
      case PCM_UNSIGNED_8:
        return ((b[p] & 0xff) - 128) / 128f;
      case PCM_SIGNED:
        switch (format.bitsPerSample()) {
          case 16:
            return (short) ((b[p] & 0xff) | (b[p + 1] << 8)) / 32768f;
          case 24:
            return ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | b[p + 2] << 16) / 8388608f;
          default:
            return (float)
                (((b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24)
                    / 2147483648.0);
        }
      default:
        if (format.bitsPerSample() == 32) {
          return Float.intBitsToFloat(
              (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24);
        }
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
          bits = bits << 8 | (b[p + i] & 0xff);
        }
        return (float) Double.longBitsToDouble(bits);
    }
  }
}
