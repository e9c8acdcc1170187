package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldAudioTest {

  @Test
  void holdsAudioAsTheRingWouldAndCountsItsSamples() {
    HeldAudio held = new HeldAudio();
    float[] samples = {0.1f, -0.5f, 0.123456f};
    assertEquals(3, held.hold(new ChunkSequencer.Audio(0, samples, 1_000, false)));
    assertEquals(803, held.hold(new ChunkSequencer.Gap(1, 1, 800)));
    List<ChunkSequencer.Release> releases = held.releases();
    ChunkSequencer.Audio audio = (ChunkSequencer.Audio) releases.get(0);
    assertArrayEquals(AudioRing.quantized(samples), audio.samples());
    assertEquals(1_000L, audio.captureTimeMillis());
    assertEquals(new ChunkSequencer.Gap(1, 1, 800), releases.get(1));
    assertEquals(803, held.samples());
  }

  @Test
  void releasingHandsOverEverythingInOrderAndHoldsNothingAfter() {
    HeldAudio held = new HeldAudio();
    held.hold(new ChunkSequencer.Gap(0, 1, 3200));
    held.hold(new ChunkSequencer.Gap(2, 2, 1600));
    assertEquals(
        List.of(new ChunkSequencer.Gap(0, 1, 3200), new ChunkSequencer.Gap(2, 2, 1600)),
        held.release());
    assertEquals(List.of(), held.releases());
    assertEquals(0, held.samples());
  }
}
