package io.captionflow.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes mono PCM16 WAV files. Use {@link #write(Path, PcmAudio)} for audio in memory, or {@link
 * #open(Path, int)} to append samples as they arrive; {@link #close()} then fills in the header's
 * sizes.
 */
public final class WavWriter implements AutoCloseable {

  private static final int HEADER_BYTES = 44;
  private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

  private final Path path;
  private final OutputStream out;
  private final int sampleRate;
  private long dataBytes;
  private boolean closed;

  private WavWriter(Path path, int sampleRate) throws IOException {
    if (sampleRate < WavReader.MIN_SAMPLE_RATE || sampleRate > WavReader.MAX_SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "sample rate "
              + sampleRate
              + " Hz is outside "
              + WavReader.MIN_SAMPLE_RATE
              + ".."
              + WavReader.MAX_SAMPLE_RATE);
    }
    this.path = path;
    this.sampleRate = sampleRate;
    this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    out.write(header(sampleRate, 0));
  }

  /** Writes {@code audio} to {@code path} as a mono PCM16 WAV file. */
  public static void write(Path path, PcmAudio audio) throws IOException {
    try (WavWriter writer = open(path, audio.sampleRate())) {
      writer.write(audio.samples(), 0, audio.samples().length);
    }
  }

  /** Serializes {@code audio} as a complete mono PCM16 WAV file in memory. */
  public static byte[] toBytes(PcmAudio audio) {
    byte[] pcm = PcmCodec.encodePcm16(audio.samples());
    byte[] wav = new byte[HEADER_BYTES + pcm.length];
    System.arraycopy(header(audio.sampleRate(), pcm.length), 0, wav, 0, HEADER_BYTES);
    System.arraycopy(pcm, 0, wav, HEADER_BYTES, pcm.length);
    return wav;
  }

  /** Starts a mono PCM16 WAV file at {@code path}; write samples, then close. */
  public static WavWriter open(Path path, int sampleRate) throws IOException {
    return new WavWriter(path, sampleRate);
  }

  /** Appends float samples in [-1, 1] (clamped). */
  public void write(float[] samples, int offset, int length) throws IOException {
    writePcm16(PcmCodec.encodePcm16(samples, offset, length));
  }

  /** Appends samples already encoded as s16le. */
  public void writePcm16(byte[] pcm16) throws IOException {
    if (pcm16.length % 2 != 0) {
      throw new IllegalArgumentException(
          "PCM16 data must have an even number of bytes, got " + pcm16.length);
    }
    if (dataBytes + pcm16.length > MAX_DATA_BYTES) {
      throw new IOException("WAV file " + path + " would exceed the 4 GiB RIFF limit");
    }
    out.write(pcm16);
    dataBytes += pcm16.length;
  }

  /** Sample rate of the file being written. */
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      file.seek(0);
      file.write(header(sampleRate, dataBytes));
    }
  }

  private static byte[] header(int sampleRate, long dataBytes) {
    byte[] h = new byte[HEADER_BYTES];
    ascii(h, 0, "RIFF");
    le32(h, 4, 36 + dataBytes);
    ascii(h, 8, "WAVE");
    ascii(h, 12, "fmt ");
    le32(h, 16, 16);
    le16(h, 20, 1); // PCM
    le16(h, 22, 1); // mono
    le32(h, 24, sampleRate);
    le32(h, 28, sampleRate * 2L);
    le16(h, 32, 2); // block align
    le16(h, 34, 16); // bits per sample
    ascii(h, 36, "data");
    le32(h, 40, dataBytes);
    return h;
  }

  private static void ascii(byte[] b, int p, String s) {
    for (int i = 0; i < 4; i++) {
      b[p + i] = (byte) s.charAt(i);
    }
  }

  private static void le16(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >> 8);
  }

  private static void le32(byte[] b, int p, long v) {
    for (int i = 0; i < 4; i++) {
      b[p + i] = (byte) (v >> (8 * i));
    }
  }
}
