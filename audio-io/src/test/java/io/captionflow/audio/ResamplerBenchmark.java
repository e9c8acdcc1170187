package io.captionflow.audio;

/**
 * Prints the resampler's speed for the common input rates (not a test: run by hand). {@code java
 * -cp audio-io/target/classes:audio-io/target/test-classes io.captionflow.audio.ResamplerBenchmark}
 */
public final class ResamplerBenchmark {

  private ResamplerBenchmark() {}

  public static void main(String[] args) {
    int seconds = 60;
    for (int rate : new int[] {8000, 22050, 24000, 44100, 48000}) {
      float[] input = new float[rate * seconds];
      java.util.Random random = new java.util.Random(1);
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) random.nextGaussian() * 0.1f;
      }
      Resampler resampler = Resampler.of(rate, 16000);
      resampler.resample(input); // warm-up
      long start = System.nanoTime();
      float[] out = resampler.resample(input);
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%6d Hz -> 16000 Hz: %d s of audio in %.3f s (%.0fx real time, one thread), %d taps/output%n",
          rate, seconds, elapsed, seconds / elapsed, 2 * resampler.halfTaps());
      if (out.length != resampler.outputLength(input.length)) {
        throw new AssertionError("length");
      }
    }
  }
}
