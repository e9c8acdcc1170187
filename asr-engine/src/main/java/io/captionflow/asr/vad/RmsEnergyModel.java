package io.captionflow.asr.vad;

/**
 * The no-model fallback: a frame's RMS level in dBFS mapped to a pseudo-probability by a logistic
 * curve centred on {@code thresholdDb} (0.5 there, ~0.05 six dB below, ~0.95 six dB above).
 * Stateless. The probability reaches 0.5 exactly where the frame's RMS reaches the threshold as a
 * float amplitude (−40 dB: RMS ≥ 0.01f), so a 0.5 threshold decides by level alone.
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
    double meanSquare = sum / frame.length;
    double db = 10 * Math.log10(meanSquare + 1e-12);
    float p = (float) (1 / (1 + Math.exp(-(db - thresholdDb) / 2)));
    // the curve rounds to 0.5 a hair either side of the threshold: the level decides which side
    boolean loud = Math.sqrt(meanSquare) >= (float) Math.pow(10, thresholdDb / 20);
    return loud ? Math.max(p, 0.5f) : Math.min(p, Math.nextDown(0.5f));
  }
}
