package io.captionflow.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WavHeaderTest {

  @Test
  void readsTheRealTagOfAnExtensibleFormatAndLeavesTheStreamAtTheSamples() throws IOException {
    byte[] wav = TestWavs.extensible(3, 2, 48000, 32, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    ByteArrayInputStream in = new ByteArrayInputStream(wav);
    WavHeader header = WavHeader.read(in);
    assertEquals(new WavFormat(WavFormat.Encoding.IEEE_FLOAT, 48000, 2, 32), header.format());
    assertEquals(8, header.dataBytes());
    assertEquals(80, header.dataOffset());
    assertEquals(1, in.read());
  }

  @Test
  void anAllOnesDataSizeMeansUntilTheEndOfTheStream() throws IOException {
    byte[] wav = TestWavs.wav(1, 1, 16000, 16, new byte[2], 0xFFFFFFFFL);
    assertEquals(-1, WavHeader.read(new ByteArrayInputStream(wav)).dataBytes());
  }
}
