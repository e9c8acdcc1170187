package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.VadTrack;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionAudioTest {

  static SessionAudio speedy(long at) {
    return SessionAudio.startingAt(
        SessionSettings.of(LatencyMode.SPEEDY), new RmsEnergyModel(), at);
  }

  static float[] tone(int samples, float level) {
    float[] x = new float[samples];
    Arrays.fill(x, level);
    return x;
  }

  @Test
  void theRingAndTheVadHearTheSameSamples() {
    SessionAudio audio = speedy(0);
    assertEquals(List.of(), audio.append(null, 0, 16 * 512));
    float[] speech = tone(32 * 512, 0.123456f);
    assertEquals(
        List.of(new VadTrack.Change(true, 16 * 512)), audio.append(speech, 0, speech.length));
    assertEquals(List.of(new VadTrack.Change(false, 48 * 512)), audio.append(null, 0, 32 * 512));
    assertEquals(80 * 512, audio.totalSamples());
    assertFalse(audio.hasSpeech(0, 16 * 512));
    assertTrue(audio.hasSpeech(16 * 512, 16 * 512 + 1));
    assertEquals(48 * 512, audio.latestPauseStart(0, audio.totalSamples()));
    assertArrayEquals(
        AudioRing.quantized(Arrays.copyOf(speech, 4)), audio.read(16 * 512, 16 * 512 + 4));
  }

  @Test
  void audioAfterASettingsChangeStartsAtTheSessionsClock() {
    SessionAudio audio = speedy(48_000);
    assertEquals(48_000, audio.totalSamples());
    assertEquals(48_000, audio.oldestSample());
    float[] speech = tone(1024, 0.1f);
    // the VAD's frames stay on the session's 512-sample grid: the first one heard starts before
    // the change (its samples before it count as silence)
    assertEquals(
        List.of(new VadTrack.Change(true, 48_000 / 512 * 512)),
        audio.append(speech, 0, speech.length));
  }

  @Test
  void theRingHoldsTheSettingsBufferAndOneFrame() {
    SessionAudio audio = speedy(0);
    audio.append(null, 0, 200_000);
    assertEquals(200_000 - (8 * 16_000 + AudioRing.FRAME_SAMPLES), audio.oldestSample());
  }

  @Test
  void persistingWritesOnlyTheNewAudio() throws Exception {
    SessionAudio audio = speedy(0);
    MemoryAudioBlocks blocks = new MemoryAudioBlocks();
    audio.append(tone(AudioRing.BLOCK_SAMPLES * 2, 0.1f), 0, AudioRing.BLOCK_SAMPLES * 2);
    audio.persist(blocks);
    long written = blocks.bytesWritten();
    audio.append(tone(AudioRing.BLOCK_SAMPLES, 0.1f), 0, AudioRing.BLOCK_SAMPLES);
    audio.persist(blocks);
    // one new block: its first sample (8 bytes), then its PCM16 samples
    assertEquals(8 + AudioRing.BLOCK_SAMPLES * 2L, blocks.bytesWritten() - written);
  }
}
