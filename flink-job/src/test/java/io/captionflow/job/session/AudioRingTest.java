package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AudioRingTest {

  @Test
  void keepsTheLastSamplesOnTheSessionClock() {
    AudioRing ring = new AudioRing(4);
    ring.append(new float[] {0.5f, -0.5f, 0.25f}, 0, 3);
    ring.appendSilence(2);
    ring.append(new float[] {0.125f}, 0, 1);
    assertEquals(6, ring.totalSamples());
    assertEquals(2, ring.oldestSample());
    assertArrayEquals(new float[] {0.25f, 0f, 0f, 0.125f}, ring.read(2, 6));
    assertThrows(IllegalArgumentException.class, () -> ring.read(1, 6));
  }
}
