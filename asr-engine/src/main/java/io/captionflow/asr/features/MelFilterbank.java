package io.captionflow.asr.features;

/**
 * Triangular mel filters on the Slaney scale with Slaney area normalisation (librosa's defaults
 * {@code htk=False, norm='slaney'}), as NeMo's preprocessor builds them.
 */
public final class MelFilterbank {

  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private final double[][] weights; // [mels][fft bins]

  public MelFilterbank(int mels, int fftSize, int sampleRate, double fMin, double fMax) {
    int bins = fftSize / 2 + 1;
    double[] mel = new double[mels + 2];
    double melMin = hzToMel(fMin);
    double melMax = hzToMel(fMax);
    for (int i = 0; i < mel.length; i++) {
      mel[i] = melToHz(melMin + (melMax - melMin) * i / (mels + 1));
    }
    weights = new double[mels][bins];
    for (int m = 0; m < mels; m++) {
      double lo = mel[m];
      double centre = mel[m + 1];
      double hi = mel[m + 2];
      double norm = 2.0 / (hi - lo);
      for (int k = 0; k < bins; k++) {
        double f = (double) k * sampleRate / fftSize;
        double w = Math.max(0, Math.min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
        weights[m][k] = w * norm;
      }
    }
  }

  public static double hzToMel(double hz) {
    return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
  }

  public static double melToHz(double mel) {
    return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
  }

  public int mels() {
    return weights.length;
  }

  /** Weight of FFT bin {@code bin} in filter {@code mel}. */
  public double weight(int mel, int bin) {
    return weights[mel][bin];
  }

  /** Applies every filter to one power spectrum. */
  public void apply(double[] power, double[] out) {
    for (int m = 0; m < weights.length; m++) {
      double[] w = weights[m];
      double sum = 0;
      for (int k = 0; k < w.length; k++) {
        sum += w[k] * power[k];
      }
      out[m] = sum;
    }
  }
}
