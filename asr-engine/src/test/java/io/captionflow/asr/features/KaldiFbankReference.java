package io.captionflow.asr.features;

/**
 * Whole-signal kaldi fbank written straight from the formulas (kaldi-native-fbank's
 * FirstSampleOfFrame, NumFrames, ExtractWindow, ProcessWindow; librosa's mel filters), in double
 * precision with a naive DFT, to check {@link KaldiFbank} against.
 */
final class KaldiFbankReference {

  private KaldiFbankReference() {}

  /** Log-mel frames {@code [frame][bin]} of the whole signal, flushed ({@code flush}) or not. */
  static double[][] compute(float[] wave, int bins, boolean flush) {
    int n = wave.length;
    int frames = flush ? (n + 80) / 160 : completeFrames(n);
    double[][] mel = librosaSlaneyMel(bins);
    double[] cos = new double[512];
    double[] sin = new double[512];
    for (int r = 0; r < 512; r++) {
      cos[r] = Math.cos(2 * Math.PI * r / 512);
      sin[r] = Math.sin(2 * Math.PI * r / 512);
    }
    double[][] out = new double[frames][bins];
    for (int i = 0; i < frames; i++) {
      int start = i * 160 + 160 / 2 - 400 / 2;
      double[] x = new double[400];
      for (int s = 0; s < 400; s++) {
        int j = start + s;
        while (j < 0 || j >= n) {
          j = j < 0 ? -j - 1 : 2 * n - 1 - j;
        }
        x[s] = wave[j];
      }
      for (int s = 399; s > 0; s--) {
        x[s] -= 0.97 * x[s - 1];
      }
      x[0] -= 0.97 * x[0];
      for (int s = 0; s < 400; s++) {
        x[s] *= 0.5 - 0.5 * Math.cos(2 * Math.PI * s / 400);
      }
      double[] power = new double[257];
      for (int k = 0; k <= 256; k++) {
        double re = 0;
        double im = 0;
        for (int s = 0; s < 400; s++) { // samples 400…511 are the zero padding
          int r = k * s % 512; // e^{-2πiks/512}, the angle reduced to one turn
          re += x[s] * cos[r];
          im -= x[s] * sin[r];
        }
        power[k] = re * re + im * im;
      }
      for (int m = 0; m < bins; m++) {
        double energy = 0;
        for (int k = 0; k <= 256; k++) {
          energy += mel[m][k] * power[k];
        }
        out[i][m] = Math.log(Math.max(energy, 1.1920928955078125e-07));
      }
    }
    return out;
  }

  /** Frames whose last sample is inside the signal: end of frame i is 160·i + 280. */
  static int completeFrames(int samples) {
    int frames = 0;
    while (frames * 160 + 280 <= samples) {
      frames++;
    }
    return frames;
  }

  /** librosa.filters.mel(sr=16000, n_fft=512, n_mels=bins, fmin=0, fmax=8000), Slaney/Slaney. */
  static double[][] librosaSlaneyMel(int bins) {
    double[] melF = new double[bins + 2];
    double top = hzToMel(8000);
    for (int i = 0; i < melF.length; i++) {
      melF[i] = melToHz(top * i / (bins + 1));
    }
    double[][] weights = new double[bins][257];
    for (int m = 0; m < bins; m++) {
      double enorm = 2.0 / (melF[m + 2] - melF[m]);
      for (int k = 0; k <= 256; k++) {
        double fft = 8000.0 * k / 256;
        double lower = (fft - melF[m]) / (melF[m + 1] - melF[m]);
        double upper = (melF[m + 2] - fft) / (melF[m + 2] - melF[m + 1]);
        weights[m][k] = Math.max(0, Math.min(lower, upper)) * enorm;
      }
    }
    return weights;
  }

  private static double hzToMel(double hz) {
    double linear = hz / (200.0 / 3);
    return hz < 1000 ? linear : 15 + Math.log(hz / 1000) / (Math.log(6.4) / 27);
  }

  private static double melToHz(double mel) {
    return mel < 15 ? mel * 200.0 / 3 : 1000 * Math.exp(Math.log(6.4) / 27 * (mel - 15));
  }
}
