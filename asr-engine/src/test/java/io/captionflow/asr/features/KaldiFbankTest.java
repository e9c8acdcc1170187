package io.captionflow.asr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KaldiFbankTest {

  /**
   * Absolute, in the log domain, for every value: both sides compute in double, so what remains is
   * the float output's rounding (an ulp of 16 is 2e-6).
   */
  private static final double TOLERANCE = 1e-5;

  /** Frames [from, from+count) as {@code [frame][bin]}, read through the feature-major copy. */
  static float[][] frames(KaldiFbank fbank, long from, int count) {
    int bins = fbank.bins();
    float[] flat = new float[bins * count];
    fbank.copyFeatureMajor(from, count, flat, 0);
    float[][] out = new float[count][bins];
    for (int t = 0; t < count; t++) {
      for (int f = 0; f < bins; f++) {
        out[t][f] = flat[f * count + t];
      }
    }
    return out;
  }

  /** All frames of {@code wave} fed in chunks of {@code chunk} samples, then flushed or not. */
  static float[][] streamed(float[] wave, int bins, int chunk, boolean flush) {
    KaldiFbank fbank = new KaldiFbank(bins);
    for (int at = 0; at < wave.length; at += chunk) {
      fbank.accept(wave, at, Math.min(chunk, wave.length - at));
    }
    if (flush) {
      fbank.inputFinished();
    }
    return frames(fbank, 0, (int) fbank.framesReady());
  }

  private static void assertMatchesReference(float[] wave, int bins, int chunk, String what) {
    for (boolean flush : new boolean[] {false, true}) {
      double[][] expected = KaldiFbankReference.compute(wave, bins, flush);
      float[][] actual = streamed(wave, bins, chunk, flush);
      assertEquals(expected.length, actual.length, what + " frame count, flush=" + flush);
      double worst = 0;
      for (int t = 0; t < expected.length; t++) {
        for (int f = 0; f < bins; f++) {
          worst = Math.max(worst, Math.abs(expected[t][f] - actual[t][f]));
        }
      }
      assertTrue(worst < TOLERANCE, what + ", flush=" + flush + ": largest difference " + worst);
    }
  }

  private static float[] speechSeconds(double seconds) throws IOException {
    String root = System.getenv("CAPTIONFLOW_REPO_ROOT");
    Path wav =
        Path.of(root == null ? "." : root)
            .resolve("../shared/testdata/speech/librispeech/0.wav")
            .normalize();
    PcmAudio audio = WavReader.read(wav);
    assertEquals(16_000, audio.sampleRate(), wav + " sample rate");
    return Arrays.copyOf(audio.samples(), (int) (seconds * 16_000));
  }

  private static float[] tone(double hz, double amplitude, int samples) {
    float[] x = new float[samples];
    for (int t = 0; t < samples; t++) {
      x[t] = (float) (amplitude * Math.cos(2 * Math.PI * hz * t / 16_000));
    }
    return x;
  }

  private static float[] noise(long seed, double sigma, int samples) {
    Random random = new Random(seed);
    float[] x = new float[samples];
    for (int t = 0; t < samples; t++) {
      x[t] = (float) (sigma * random.nextGaussian());
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void matchesTheReferenceOnRealSpeech(int bins) throws IOException {
    assertMatchesReference(speechSeconds(3), bins, 1234, "librispeech 0.wav, 3 s");
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void matchesTheReferenceOnSyntheticSignals(int bins) {
    assertMatchesReference(tone(440, 0.5, 16_000), bins, 160, "440 Hz tone");
    float[] chirp = new float[16_000];
    for (int t = 0; t < chirp.length; t++) { // 100 Hz → 7900 Hz linearly over one second
      double s = t / 16_000.0;
      chirp[t] = (float) (0.4 * Math.sin(2 * Math.PI * (100 * s + 3900 * s * s)));
    }
    assertMatchesReference(chirp, bins, 4000, "chirp");
    assertMatchesReference(noise(42, 0.1, 16_000), bins, 777, "white noise");
    assertMatchesReference(new float[8_000], bins, 8_000, "silence");
    // shorter than a frame: the window reflects at both ends, more than once below 200 samples
    for (int n : new int[] {80, 150, 281, 399, 400, 479, 480}) {
      assertMatchesReference(noise(n, 0.3, n), bins, 7, n + " samples of noise");
    }
  }

  @Test
  void frameCountsStreamingAndFlushed() {
    // streaming: frame i ends at 160·i + 280; flushed: round(n / 160)
    long[][] samplesStreamedFlushed = {
      {0, 0, 0}, {1, 0, 0}, {399, 1, 2}, {400, 1, 3}, {16000, 99, 100}
    };
    for (long[] row : samplesStreamedFlushed) {
      KaldiFbank fbank = new KaldiFbank(80);
      fbank.accept(new float[(int) row[0]], 0, (int) row[0]);
      assertEquals(row[0], fbank.samplesAccepted());
      assertEquals(row[1], fbank.framesReady(), row[0] + " samples, streaming");
      fbank.inputFinished();
      assertEquals(row[2], fbank.framesReady(), row[0] + " samples, flushed");
    }
  }

  @Test
  void samplesNeededAndFramesAfterFlush() {
    assertEquals(280, KaldiFbank.samplesNeededFor(0));
    assertEquals(440, KaldiFbank.samplesNeededFor(1));
    assertEquals(16_120, KaldiFbank.samplesNeededFor(99));
    assertEquals(0, KaldiFbank.framesAfterFlush(0));
    assertEquals(0, KaldiFbank.framesAfterFlush(79));
    assertEquals(1, KaldiFbank.framesAfterFlush(80));
    assertEquals(1, KaldiFbank.framesAfterFlush(239));
    assertEquals(2, KaldiFbank.framesAfterFlush(240));
    assertEquals(100, KaldiFbank.framesAfterFlush(16_000));
    assertThrows(IllegalArgumentException.class, () -> KaldiFbank.samplesNeededFor(-1));
    assertThrows(IllegalArgumentException.class, () -> KaldiFbank.framesAfterFlush(-1));
  }

  @Test
  void aFrameBecomesReadyExactlyAtSamplesNeededFor() {
    for (long frame : new long[] {0, 1, 2, 7, 99}) {
      int needed = (int) KaldiFbank.samplesNeededFor(frame);
      KaldiFbank fbank = new KaldiFbank(80);
      fbank.accept(new float[needed - 1], 0, needed - 1);
      assertEquals(frame, fbank.framesReady(), "one sample short of frame " + frame);
      fbank.accept(new float[1], 0, 1);
      assertEquals(frame + 1, fbank.framesReady(), "frame " + frame + " complete");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void silenceIsTheLogFloorInEveryBin(int bins) {
    float lnFltEpsilon = (float) (-23 * Math.log(2)); // FLT_EPSILON = 2^-23
    for (float[] frame : streamed(new float[16_000], bins, 16_000, true)) {
      for (float value : frame) {
        assertEquals(lnFltEpsilon, value);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void aBinCentredTonePeaksInTheFilterHeaviestAtThatBin(int bins) {
    MelFilterbank filters = new MelFilterbank(bins, 512, 16_000, 0, 8_000);
    int checked = 0;
    for (int k = 1; k < 256; k++) {
      int heaviest = 0;
      double runnerUp = 0;
      for (int m = 1; m < bins; m++) {
        if (filters.weight(m, k) > filters.weight(heaviest, k)) {
          runnerUp = filters.weight(heaviest, k);
          heaviest = m;
        } else {
          runnerUp = Math.max(runnerUp, filters.weight(m, k));
        }
      }
      if (filters.weight(heaviest, k) < 1.1 * runnerUp) {
        continue; // two filters cross at this bin: the window's leakage decides, not the weight
      }
      float[] frame = streamed(tone(k * 16_000.0 / 512, 0.5, 8_000), bins, 8_000, false)[20];
      int loudest = 0;
      for (int m = 1; m < bins; m++) {
        loudest = frame[m] > frame[loudest] ? m : loudest;
      }
      assertEquals(heaviest, loudest, "tone at FFT bin " + k);
      checked++;
    }
    assertTrue(checked > 200, "bins with a clearly heaviest filter: " + checked);
  }

  @Test
  void oneSampleAtATimeEqualsAllAtOnce() throws IOException {
    float[] wave = speechSeconds(0.5);
    float[][] whole = streamed(wave, 128, wave.length, true);
    float[][] single = streamed(wave, 128, 1, true);
    assertEquals(whole.length, single.length);
    for (int t = 0; t < whole.length; t++) {
      assertArrayEquals(whole[t], single[t], "frame " + t);
    }
  }

  @Test
  void copyFeatureMajorWritesOneEncoderRowAtTheOffset() {
    KaldiFbank fbank = new KaldiFbank(80);
    float[] wave = noise(3, 0.2, 4_000);
    fbank.accept(wave, 0, wave.length);
    float[] dest = new float[7 + 80 * 3 + 5];
    Arrays.fill(dest, Float.NaN);
    fbank.copyFeatureMajor(5, 3, dest, 7);
    for (int t = 0; t < 3; t++) {
      float[] single = new float[80];
      fbank.copyFeatureMajor(5 + t, 1, single, 0);
      for (int f = 0; f < 80; f++) {
        assertEquals(single[f], dest[7 + f * 3 + t], "frame " + (5 + t) + " bin " + f);
      }
    }
    for (int i : new int[] {0, 6, 7 + 240, dest.length - 1}) {
      assertTrue(Float.isNaN(dest[i]), "dest[" + i + "] is outside the copy");
    }
    assertThrows(
        IndexOutOfBoundsException.class, () -> fbank.copyFeatureMajor(5, 3, new float[239], 0));
  }

  @Test
  void discardBeforeKeepsLaterFramesAndRejectsReadsOfDiscardedOnes() {
    float[] wave = noise(11, 0.2, 32_000);
    float[][] expected = streamed(wave, 80, 32_000, true);
    KaldiFbank fbank = new KaldiFbank(80);
    fbank.accept(wave, 0, 16_000);
    fbank.discardBefore(50);
    fbank.accept(wave, 16_000, 16_000); // frames computed after the discard reuse the freed room
    fbank.discardBefore(120);
    fbank.inputFinished();
    float[][] kept = frames(fbank, 120, (int) fbank.framesReady() - 120);
    for (int t = 0; t < kept.length; t++) {
      assertArrayEquals(expected[120 + t], kept[t], "frame " + (120 + t));
    }
    IllegalArgumentException discarded =
        assertThrows(
            IllegalArgumentException.class,
            () -> fbank.copyFeatureMajor(119, 2, new float[160], 0));
    assertTrue(discarded.getMessage().contains("frame 119"), discarded.getMessage());
    fbank.discardBefore(60); // earlier than what is already gone: nothing changes
    assertThrows(
        IllegalArgumentException.class, () -> fbank.copyFeatureMajor(60, 1, new float[80], 0));
    IllegalArgumentException future =
        assertThrows(IllegalArgumentException.class, () -> fbank.discardBefore(201));
    assertTrue(future.getMessage().contains("201"), future.getMessage());
  }

  @Test
  void readingFramesNotComputedYetNamesTheFrame() {
    KaldiFbank fbank = new KaldiFbank(80);
    fbank.accept(new float[1_000], 0, 1_000); // frames 0–4 end at 280…920
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> fbank.copyFeatureMajor(3, 3, new float[240], 0));
    assertTrue(e.getMessage().contains("frame 5"), e.getMessage());
  }

  @Test
  void memoryStaysBoundedOverALongStream() {
    KaldiFbank fbank = new KaldiFbank(128);
    float[] chunk = noise(5, 0.1, 2_731);
    for (int i = 0; i < 600; i++) { // about 100 s
      fbank.accept(chunk, 0, chunk.length);
      assertTrue(fbank.samplesBuffered() < 400, "samples held: " + fbank.samplesBuffered());
      fbank.discardBefore(Math.max(0, fbank.framesReady() - 100));
    }
    assertEquals(600L * 2_731, fbank.samplesAccepted());
    assertEquals(
        (600L * 2_731 - 280) / 160 + 1, fbank.framesReady()); // last frame ending inside the audio
  }

  @Test
  void nonFiniteSamplesAreRejectedNamingTheIndex() {
    KaldiFbank fbank = new KaldiFbank(80);
    fbank.accept(new float[500], 0, 500);
    float[] chunk = new float[10];
    chunk[6] = Float.NaN;
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> fbank.accept(chunk, 2, 8));
    assertTrue(nan.getMessage().contains("audio[6] (stream sample 504) is NaN"), nan.getMessage());
    chunk[6] = Float.NEGATIVE_INFINITY;
    IllegalArgumentException inf =
        assertThrows(IllegalArgumentException.class, () -> fbank.accept(chunk, 0, 10));
    assertTrue(inf.getMessage().contains("audio[6]"), inf.getMessage());
    assertEquals(500, fbank.samplesAccepted(), "a rejected chunk is not taken in part");
  }

  @Test
  void binsOutsideOneTo257AreRejected() {
    for (int bins : new int[] {0, -3, 258}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new KaldiFbank(bins));
      assertTrue(e.getMessage().contains("got " + bins), e.getMessage());
    }
    for (int bins : new int[] {1, 257}) {
      float[] wave = noise(bins, 0.2, 2_000);
      assertMatchesReference(wave, bins, 500, bins + " bins");
    }
  }

  @Test
  void acceptAfterInputFinishedIsRejected() {
    KaldiFbank fbank = new KaldiFbank(80);
    fbank.accept(new float[1_000], 0, 1_000);
    fbank.inputFinished();
    fbank.inputFinished(); // a second end of input changes nothing
    assertEquals(6, fbank.framesReady());
    assertThrows(IllegalStateException.class, () -> fbank.accept(new float[1], 0, 1));
  }
}
