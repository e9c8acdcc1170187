package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VadTrackTest {

  @Test
  void findsSpeechAndTheLatestPause() {
    VadTrack track = new VadTrack(new RmsFrameVad(), 100);
    float[] audio = new float[512 * 40];
    for (int i = 512 * 10; i < 512 * 20; i++) {
      audio[i] = 0.1f;
    }
    List<VadTrack.Change> changes = track.push(audio, 0, audio.length);
    assertEquals(
        List.of(new VadTrack.Change(true, 5120), new VadTrack.Change(false, 10240)), changes);
    assertTrue(track.hasSpeech(0, audio.length));
    assertFalse(track.hasSpeech(0, 5120));
    assertEquals(10240, track.latestPauseStart(0, audio.length));
    assertEquals(-1, track.latestPauseStart(5120, 512 * 24));
  }
}
