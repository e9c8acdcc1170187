package io.captionflow.ingest.source;

import io.captionflow.audio.WavReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Headerless PCM from a stream (stdin, a decoder's stdout), e.g. what {@code ffmpeg -f s16le -ar
 * 16000 -ac 1 -} writes; interleaved channels are downmixed to mono by averaging, as WAV files are.
 * Reads may split a frame anywhere; only a stream that ends inside a frame is an error.
 */
public final class RawPcmSource implements AudioSource {

  private final InputStream in;
  private final SampleFormat format;
  private final int sampleRate;
  private final int channels;
  private final String description;
  private byte[] buffer = new byte[0];
  private int carried; // bytes of an incomplete sample kept from the previous read

  public RawPcmSource(
      InputStream in, SampleFormat format, int sampleRate, int channels, String description) {
    if (sampleRate < WavReader.MIN_SAMPLE_RATE || sampleRate > WavReader.MAX_SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "absurd sample rate "
              + sampleRate
              + " Hz (supported: "
              + WavReader.MIN_SAMPLE_RATE
              + ".."
              + WavReader.MAX_SAMPLE_RATE
              + " Hz)");
    }
    if (channels < 1 || channels > WavReader.MAX_CHANNELS) {
      throw new IllegalArgumentException(
          "invalid channel count " + channels + " (supported: 1.." + WavReader.MAX_CHANNELS + ")");
    }
    this.in = in;
    this.format = format;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.description = description;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int read(float[] dst) throws IOException {
    int frameBytes = format.bytesPerSample() * channels;
    int wanted = dst.length * frameBytes;
    if (buffer.length < wanted) {
      buffer = java.util.Arrays.copyOf(buffer, wanted);
    }
    while (true) {
      int r = in.read(buffer, carried, wanted - carried);
      if (r < 0) {
        if (carried > 0) {
          throw new IOException(description + " ended inside a sample: " + trailing());
        }
        return -1;
      }
      int available = carried + r;
      int whole = available / frameBytes;
      if (whole == 0) {
        carried = available;
        continue;
      }
      downmix(format.decode(buffer, 0, whole * frameBytes), dst);
      carried = available - whole * frameBytes;
      System.arraycopy(buffer, whole * frameBytes, buffer, 0, carried);
      return whole;
    }
  }

  /** Says what the trailing bytes fall short of: the byte count does not fit the format. */
  private String trailing() {
    String sample = format.bytesPerSample() + "-byte " + format.name().toLowerCase() + " sample";
    if (channels == 1) {
      return carried + " trailing byte(s) of a " + sample + " (odd-length PCM?)";
    }
    return carried
        + " trailing byte(s) of a "
        + format.bytesPerSample() * channels
        + "-byte frame ("
        + channels
        + " channels of a "
        + sample
        + "); is the input really "
        + channels
        + "-channel "
        + format.name().toLowerCase()
        + "?";
  }

  /** Interleaved frames to mono: the mean of each frame's channels, computed as WavReader does. */
  private void downmix(float[] interleaved, float[] dst) {
    if (channels == 1) {
      System.arraycopy(interleaved, 0, dst, 0, interleaved.length);
      return;
    }
    float scale = 1f / channels;
    for (int frame = 0, i = 0; i < interleaved.length; frame++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += interleaved[i++];
      }
      dst[frame] = sum * scale;
    }
  }

  @Override
  public double durationSeconds() {
    return Double.NaN;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
