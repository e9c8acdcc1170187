package io.captionflow.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.ShortRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RawPcmSourceTest {

  /** Hands out at most 3 bytes per read, so samples are split across reads. */
  static InputStream trickle(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 3));
      }
    };
  }

  @Test
  void samplesSplitAcrossReadsAreReassembled() throws IOException {
    float[] expected = {0.5f, -0.25f, 0.125f, -1f, 0f};
    for (SampleFormat format : SampleFormat.values()) {
      byte[] bytes =
          format == SampleFormat.S16LE
              ? PcmCodec.encodePcm16(expected)
              : PcmCodec.encodeF32(expected);
      RawPcmSource source = new RawPcmSource(trickle(bytes), format, 16000, 1, "stdin");
      float[] got = new float[0];
      float[] block = new float[4];
      int n;
      while ((n = source.read(block)) >= 0) {
        assertTrue(n > 0);
        int old = got.length;
        got = Arrays.copyOf(got, old + n);
        System.arraycopy(block, 0, got, old, n);
      }
      assertArrayEquals(expected, got, format.name());
    }
  }

  @Test
  void oddLengthPcmIsAnErrorNamingTheTrailingBytes() throws IOException {
    RawPcmSource source =
        new RawPcmSource(
            new ByteArrayInputStream(new byte[] {1, 0, 2, 0, 3}),
            SampleFormat.S16LE,
            16000,
            1,
            "stdin");
    float[] block = new float[10];
    assertEquals(2, source.read(block));
    IOException e = assertThrows(IOException.class, () -> source.read(block));
    assertTrue(
        e.getMessage().contains("stdin ended inside a sample: 1 trailing byte(s)"), e.getMessage());
  }

  @Test
  void absurdRatesAndUnknownFormatsAreRejected() {
    IllegalArgumentException rate =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RawPcmSource(InputStream.nullInputStream(), SampleFormat.S16LE, 5, 1, "stdin"));
    assertTrue(rate.getMessage().contains("absurd sample rate 5 Hz"));
    IllegalArgumentException format =
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.parse("mulaw"));
    assertTrue(format.getMessage().contains("unsupported sample format 'mulaw'"));
    assertEquals(SampleFormat.F32LE, SampleFormat.parse("F32"));
    IllegalArgumentException channels =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RawPcmSource(InputStream.nullInputStream(), SampleFormat.S16LE, 16000, 0, "x"));
    assertEquals("invalid channel count 0 (supported: 1..64)", channels.getMessage());
  }

  @Test
  void interleavedChannelsAreAveragedToMono() throws IOException {
    // frames (L, R): (0.5, -0.25), (1/32768, 3/32768), (-1, -1)
    float[] stereo = {0.5f, -0.25f, 1 / 32768f, 3 / 32768f, -1f, -1f};
    RawPcmSource source =
        new RawPcmSource(trickle(PcmCodec.encodePcm16(stereo)), SampleFormat.S16LE, 16000, 2, "x");
    assertArrayEquals(new float[] {0.125f, 2 / 32768f, -1f}, readAll(source, 2));
  }

  @Test
  void aStreamEndingInsideAFrameNamesTheFrameAndTheDeclaredFormat() throws IOException {
    RawPcmSource source =
        new RawPcmSource(
            new ByteArrayInputStream(new byte[] {1, 0, 2, 0, 3, 0}),
            SampleFormat.S16LE,
            16000,
            2,
            "stdin");
    float[] block = new float[10];
    assertEquals(1, source.read(block));
    IOException e = assertThrows(IOException.class, () -> source.read(block));
    assertEquals(
        "stdin ended inside a sample: 2 trailing byte(s) of a 4-byte frame (2 channels of a"
            + " 2-byte s16le sample); is the input really 2-channel s16le?",
        e.getMessage());
  }

  /**
   * Whatever the channel count and however reads split the bytes: whole frames come out, one mono
   * sample each, equal to a channel repeated in every slot; leftover bytes are an error naming
   * them.
   */
  @Property(tries = 60)
  void everyWholeFrameBecomesOneSampleAndLeftoverBytesAreAnError(
      @ForAll @IntRange(min = 1, max = 8) int channels,
      @ForAll @Size(max = 40) List<@ShortRange Short> mono,
      @ForAll @IntRange(min = 0, max = 15) int leftover,
      @ForAll @IntRange(min = 1, max = 9) int readSize)
      throws IOException {
    int extra = leftover % (2 * channels);
    byte[] bytes = new byte[mono.size() * 2 * channels + extra];
    for (int f = 0; f < mono.size(); f++) {
      for (int c = 0; c < channels; c++) {
        int p = (f * channels + c) * 2;
        bytes[p] = (byte) (short) mono.get(f);
        bytes[p + 1] = (byte) (mono.get(f) >> 8);
      }
    }
    RawPcmSource source =
        new RawPcmSource(trickle(bytes, readSize), SampleFormat.S16LE, 16000, channels, "pipe");
    float[] got = new float[0];
    float[] block = new float[7];
    IOException error = null;
    try {
      int n;
      while ((n = source.read(block)) >= 0) {
        got = append(got, block, n);
      }
    } catch (IOException e) {
      error = e;
    }
    assertEquals(mono.size(), got.length);
    for (int f = 0; f < mono.size(); f++) {
      assertEquals(mono.get(f) / 32768f, got[f], 2.5e-7f, "frame " + f);
    }
    if (extra == 0) {
      assertEquals(null, error);
    } else {
      assertTrue(
          error != null && error.getMessage().contains(extra + " trailing byte(s)"),
          String.valueOf(error));
    }
  }

  private static InputStream trickle(byte[] bytes, int readSize) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, readSize));
      }
    };
  }

  private static float[] readAll(RawPcmSource source, int blockSize) throws IOException {
    float[] got = new float[0];
    float[] block = new float[blockSize];
    int n;
    while ((n = source.read(block)) >= 0) {
      got = append(got, block, n);
    }
    return got;
  }

  private static float[] append(float[] got, float[] block, int n) {
    float[] longer = Arrays.copyOf(got, got.length + n);
    System.arraycopy(block, 0, longer, got.length, n);
    return longer;
  }
}
