package io.captionflow.asr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class KaldiFbankProperties {

  /** Noise plus a tone and a few exact zeros: varied enough that any mix-up shows. */
  private static float[] signal(int samples, long seed) {
    Random random = new Random(seed);
    double hz = 50 + random.nextDouble() * 7_900;
    float[] x = new float[samples];
    for (int t = 0; t < samples; t++) {
      x[t] =
          random.nextInt(50) == 0
              ? 0f
              : (float)
                  (0.3 * Math.sin(2 * Math.PI * hz * t / 16_000) + 0.05 * random.nextGaussian());
    }
    return x;
  }

  @Property(tries = 40)
  void anySplitGivesBitIdenticalFrames(
      @ForAll @IntRange(min = 0, max = 6_000) int samples,
      @ForAll @IntRange(min = 0, max = 1_000) int seed,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 1_500) Integer> chunks,
      @ForAll boolean flush) {
    float[] wave = signal(samples, seed);
    float[][] whole = KaldiFbankTest.streamed(wave, 80, Math.max(1, samples), flush);
    KaldiFbank split = new KaldiFbank(80);
    int at = 0;
    for (int i = 0; at < samples; i++) {
      int n = Math.min(chunks.get(i % chunks.size()), samples - at);
      split.accept(wave, at, n);
      at += n;
      assertEquals(
          KaldiFbankReference.completeFrames(at),
          split.framesReady(),
          "frames ready after " + at + " samples");
    }
    if (flush) {
      split.inputFinished();
    }
    assertEquals(whole.length, split.framesReady());
    float[][] splitFrames = KaldiFbankTest.frames(split, 0, whole.length);
    for (int t = 0; t < whole.length; t++) {
      assertArrayEquals(whole[t], splitFrames[t], "frame " + t);
    }
  }

  @Property(tries = 30)
  void discardingOldFramesNeverChangesTheOthers(
      @ForAll @IntRange(min = 400, max = 12_000) int samples,
      @ForAll @IntRange(min = 0, max = 1_000) int seed,
      @ForAll @IntRange(min = 1, max = 2_000) int chunk,
      @ForAll @IntRange(min = 0, max = 100) int keepPercent) {
    float[] wave = signal(samples, seed);
    float[][] expected = KaldiFbankTest.streamed(wave, 80, samples, true);
    KaldiFbank fbank = new KaldiFbank(80);
    for (int at = 0; at < samples; at += chunk) {
      fbank.accept(wave, at, Math.min(chunk, samples - at));
      long ready = fbank.framesReady();
      long discardBefore = ready - ready * keepPercent / 100;
      fbank.discardBefore(discardBefore);
      int kept = (int) (ready - discardBefore);
      float[][] actual = KaldiFbankTest.frames(fbank, discardBefore, kept);
      for (int t = 0; t < kept; t++) {
        assertArrayEquals(expected[(int) discardBefore + t], actual[t], "frame " + t);
      }
    }
    fbank.inputFinished();
    assertEquals(KaldiFbank.framesAfterFlush(samples), fbank.framesReady());
  }
}
