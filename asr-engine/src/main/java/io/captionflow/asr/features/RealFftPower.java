package io.captionflow.asr.features;

/**
 * Power spectrum {@code |X[k]|², k = 0…n/2} of a real signal of power-of-two length n: the signal
 * is packed as n/2 complex pairs (even + i·odd), transformed by an iterative radix-2 FFT and split
 * into the real transform with precomputed twiddles. Holds work buffers, so one instance per
 * thread.
 */
public final class RealFftPower {

  private final int size;
  private final int half;
  private final int[] bitReversed; // [half]: index of each position after the permutation
  private final double[] cos; // [half/2]: cos(2πj/half), the complex FFT's twiddles
  private final double[] sin;
  private final double[] splitCos; // [half+1]: cos(2πk/size), the real-split twiddles
  private final double[] splitSin;
  private final double[] re;
  private final double[] im;

  public RealFftPower(int size) {
    if (size < 4 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 4, got " + size);
    }
    this.size = size;
    this.half = size / 2;
    int bits = Integer.numberOfTrailingZeros(half);
    bitReversed = new int[half];
    for (int i = 0; i < half; i++) {
      bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
    cos = new double[half / 2];
    sin = new double[half / 2];
    for (int j = 0; j < half / 2; j++) {
      cos[j] = Math.cos(2 * Math.PI * j / half);
      sin[j] = Math.sin(2 * Math.PI * j / half);
    }
    splitCos = new double[half + 1];
    splitSin = new double[half + 1];
    for (int k = 0; k <= half; k++) {
      splitCos[k] = Math.cos(2 * Math.PI * k / size);
      splitSin[k] = Math.sin(2 * Math.PI * k / size);
    }
    re = new double[half];
    im = new double[half];
  }

  public int size() {
    return size;
  }

  /** Writes {@code |DFT(signal)[k]|²} for k = 0…size/2 into {@code power[0…size/2]}. */
  public void powerSpectrum(double[] signal, double[] power) {
    if (signal.length < size || power.length < half + 1) {
      throw new IllegalArgumentException(
          "need a signal of "
              + size
              + " and a power array of "
              + (half + 1)
              + ", got "
              + signal.length
              + " and "
              + power.length);
    }
    for (int m = 0; m < half; m++) {
      int r = bitReversed[m];
      re[r] = signal[2 * m];
      im[r] = signal[2 * m + 1];
    }
    transformInPlace();
    // X[k] = E[k] + e^{-2πik/n}·O[k], with E, O the even/odd halves' DFTs recovered from Z[k]
    // and conj(Z[half-k])
    for (int k = 0; k <= half; k++) {
      int a = k == half ? 0 : k;
      int b = k == 0 ? 0 : half - k;
      double ar = re[a];
      double ai = im[a];
      double br = re[b];
      double bi = -im[b];
      double er = 0.5 * (ar + br);
      double ei = 0.5 * (ai + bi);
      double or = 0.5 * (ai - bi);
      double oi = -0.5 * (ar - br);
      double c = splitCos[k];
      double s = splitSin[k];
      double xr = er + c * or + s * oi;
      double xi = ei + c * oi - s * or;
      power[k] = xr * xr + xi * xi;
    }
  }

  /** Forward complex DFT of (re, im), already in bit-reversed order, by radix-2 butterflies. */
  private void transformInPlace() {
    for (int span = 1; span < half; span <<= 1) {
      int stride = half / (2 * span);
      for (int start = 0; start < half; start += 2 * span) {
        for (int j = 0; j < span; j++) {
          double c = cos[j * stride];
          double s = sin[j * stride];
          int p = start + j;
          int q = p + span;
          // w = e^{-2πi j/(2·span)} = c - i·s
          double tr = re[q] * c + im[q] * s;
          double ti = im[q] * c - re[q] * s;
          re[q] = re[p] - tr;
          im[q] = im[p] - ti;
          re[p] += tr;
          im[p] += ti;
        }
      }
    }
  }
}
