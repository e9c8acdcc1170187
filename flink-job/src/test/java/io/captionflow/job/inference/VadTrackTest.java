package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.vad.RmsEnergyModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class VadTrackTest {

  @Test
  void findsSpeechAndTheLatestPause() {
    VadTrack track = new VadTrack(new RmsEnergyModel(), 100);
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

  /** The job's RMS rule before the one VAD stack: speech at RMS ≥ 0.01f, just either side. */
  @Test
  void rmsJustAboveAndBelowOneHundredthDecideAsBefore() {
    float above = Math.nextUp(Math.nextUp(0.01f));
    float below = Math.nextDown(Math.nextDown(0.01f));
    VadTrack loud = new VadTrack(new RmsEnergyModel(), 10);
    VadTrack quiet = new VadTrack(new RmsEnergyModel(), 10);
    float[] loudFrame = new float[512];
    float[] quietFrame = new float[512];
    for (int i = 0; i < 512; i++) {
      loudFrame[i] = i % 2 == 0 ? above : -above;
      quietFrame[i] = i % 2 == 0 ? below : -below;
    }
    assertEquals(List.of(new VadTrack.Change(true, 0)), loud.push(loudFrame, 0, 512));
    assertEquals(List.of(), quiet.push(quietFrame, 0, 512));
    assertTrue(loud.hasSpeech(0, 512));
    assertFalse(quiet.hasSpeech(0, 512));
  }
}
