package io.captionflow.asr;

/**
 * Encoder output of one window: {@code frames} rows of {@code features} floats (frame-major copy of
 * the model's features-first output), valid frames only.
 */
public record EncodedAudio(float[][] frames, double frameSeconds) {

  public int length() {
    return frames.length;
  }
}
