package io.captionflow.ingest.source;

import io.captionflow.audio.WavReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Headerless mono PCM from a stream (stdin, a decoder's stdout), e.g. what {@code ffmpeg -f s16le
 * -ar 16000 -ac 1 -} writes. Reads may split a sample anywhere; only a stream that ends inside a
 * sample is an error.
 */
public final class RawPcmSource implements AudioSource {

  private final InputStream in;
  private final SampleFormat format;
  private final int sampleRate;
  private final String description;
  private byte[] buffer = new byte[0];
  private int carried; // bytes of an incomplete sample kept from the previous read

  public RawPcmSource(InputStream in, SampleFormat format, int sampleRate, String description) {
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
    this.in = in;
    this.format = format;
    this.sampleRate = sampleRate;
    this.description = description;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int read(float[] dst) throws IOException {
    int width = format.bytesPerSample();
    int wanted = dst.length * width;
    if (buffer.length < wanted) {
      buffer = java.util.Arrays.copyOf(buffer, wanted);
    }
    while (true) {
      int r = in.read(buffer, carried, wanted - carried);
      if (r < 0) {
        if (carried > 0) {
          throw new IOException(
              description
                  + " ended inside a sample: "
                  + carried
                  + " trailing byte(s) of a "
                  + width
                  + "-byte "
                  + format.name().toLowerCase()
                  + " sample (odd-length PCM?)");
        }
        return -1;
      }
      int available = carried + r;
      int whole = available / width;
      if (whole == 0) {
        carried = available;
        continue;
      }
      float[] samples = format.decode(buffer, 0, whole * width);
      System.arraycopy(samples, 0, dst, 0, whole);
      carried = available - whole * width;
      System.arraycopy(buffer, whole * width, buffer, 0, carried);
      return whole;
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
