package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoomClientTest {

  @Test
  void audioGoesOutAsOneBridgeChunkPerFramePaddedWithSilence() {
    float[] audio = new float[RoomClient.FRAME_SAMPLES + 2];
    audio[0] = 0.5f;
    audio[1] = -1.5f; // clipped
    audio[RoomClient.FRAME_SAMPLES + 1] = 1f;
    List<byte[]> frames = RoomClient.frames(audio);
    assertEquals(2, frames.size());
    assertEquals(3_200, frames.get(0).length);
    assertEquals(3_200, frames.get(1).length);
    // PCM16 little-endian: round(0.5 * 32767) = 16384 = 0x4000, -32767 = 0x8001.
    assertArrayEquals(
        new byte[] {0x00, 0x40, 0x01, (byte) 0x80}, java.util.Arrays.copyOf(frames.get(0), 4));
    assertArrayEquals(
        new byte[] {0, 0, (byte) 0xff, 0x7f, 0, 0}, java.util.Arrays.copyOf(frames.get(1), 6));
  }
}
