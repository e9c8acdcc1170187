package io.captionflow.inference.vad;

/**
 * The no-model fallback: a frame's RMS level in dBFS mapped to a pseudo-probability by a logistic
 * curve centred on {@code thresholdDb} (0.5 there, ~0.05 six dB below, ~0.95 six dB above).
 * Stateless.
 */
public record RmsEnergyModel(double thresholdDb) implements VadModel {

  public static final double DEFAULT_THRESHOLD_DB = -40;

  public RmsEnergyModel() {
    this(DEFAULT_THRESHOLD_DB);
  }

  @Override
  public VadStreamState initialState() {
    return new VadStreamState(new float[0], new float[0], new float[FRAME_SAMPLES], 0, 0);
  }

  @Override
  public float speechProbability(float[] frame, VadStreamState state) {
    double sum = 0;
    for (float s : frame) {
      sum += (double) s * s;
    }
    double db = 10 * Math.log10(sum / frame.length + 1e-12);
    return (float) (1 / (1 + Math.exp(-(db - thresholdDb) / 2)));
  }
}
