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
      RawPcmSource source = new RawPcmSource(trickle(bytes), format, 16000, "stdin");
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
            () -> new RawPcmSource(InputStream.nullInputStream(), SampleFormat.S16LE, 5, "stdin"));
    assertTrue(rate.getMessage().contains("absurd sample rate 5 Hz"));
    IllegalArgumentException format =
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.parse("mulaw"));
    assertTrue(format.getMessage().contains("unsupported sample format 'mulaw'"));
    assertEquals(SampleFormat.F32LE, SampleFormat.parse("F32"));
  }
}
