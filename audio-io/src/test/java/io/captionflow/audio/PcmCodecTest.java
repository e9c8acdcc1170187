package io.captionflow.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PcmCodecTest {

  @Test
  void pcm16RoundTripIsExactForEveryValue() {
    byte[] all = new byte[65536 * 2];
    for (int v = -32768, i = 0; v <= 32767; v++, i += 2) {
      all[i] = (byte) v;
      all[i + 1] = (byte) (v >> 8);
    }
    float[] floats = PcmCodec.decodePcm16(all);
    assertEquals(-1f, floats[0]);
    assertEquals(0f, floats[32768]);
    assertArrayEquals(all, PcmCodec.encodePcm16(floats));
  }

  @Test
  void pcm16EncodingClampsOutOfRangeAndNaN() {
    byte[] b = PcmCodec.encodePcm16(new float[] {1.5f, -2f, 1f, Float.NaN});
    assertArrayEquals(
        new byte[] {(byte) 0xff, 0x7f, 0x00, (byte) 0x80, (byte) 0xff, 0x7f, 0, 0}, b);
  }

  @Test
  void f32RoundTripIsBitExactAndLittleEndian() {
    float[] values = {0f, -1f, 0.123456f, Float.MIN_VALUE, 1e-30f};
    assertArrayEquals(values, PcmCodec.decodeF32(PcmCodec.encodeF32(values)));
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, PcmCodec.encodeF32(new float[] {1f}));
  }

  @Test
  void partialSamplesAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PcmCodec.decodePcm16(new byte[3]));
    assertTrue(e.getMessage().contains("even number of bytes, got 3"));
    assertThrows(IllegalArgumentException.class, () -> PcmCodec.decodeF32(new byte[6]));
  }
}
