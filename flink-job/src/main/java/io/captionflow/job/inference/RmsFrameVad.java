package io.captionflow.job.inference;

/**
 * Energy-based fallback when no Silero model is configured: a frame is speech when its RMS passes a
 * threshold.
 */
public final class RmsFrameVad implements FrameVad {

  /** About −40 dBFS. */
  public static final float DEFAULT_THRESHOLD = 0.01f;

  private final float threshold;

  public RmsFrameVad(float threshold) {
    this.threshold = threshold;
  }

  public RmsFrameVad() {
    this(DEFAULT_THRESHOLD);
  }

  @Override
  public int frameSamples() {
    return 512;
  }

  @Override
  public float[] initialState() {
    return new float[0];
  }

  @Override
  public float speechProbability(float[] frame, float[] state) {
    double sum = 0;
    for (float s : frame) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / frame.length) >= threshold ? 1f : 0f;
  }
}
