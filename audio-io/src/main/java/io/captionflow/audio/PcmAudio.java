package io.captionflow.audio;

import java.util.Objects;

/**
 * Mono audio as floats in [-1, 1] at a known sample rate.
 *
 * @param samples mono samples, nominally in [-1, 1]
 * @param sampleRate samples per second
 */
public record PcmAudio(float[] samples, int sampleRate) {

  public PcmAudio {
    Objects.requireNonNull(samples, "samples");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
    }
  }

  /** Duration in seconds. */
  public double durationSeconds() {
    return (double) samples.length / sampleRate;
  }
}
