package io.captionflow.audio;

/**
 * Band-limited sample-rate converter for any rational ratio (e.g. 8 / 22.05 / 24 / 44.1 / 48 kHz to
 * 16 kHz): a windowed-sinc low-pass (Kaiser window) applied as a polyphase filter bank.
 *
 * <p>The filter passes everything up to {@code passband} x the lower Nyquist frequency and
 * attenuates by at least {@code stopbandDb} from the lower Nyquist frequency up, so nothing above
 * the new Nyquist aliases into the output (downsampling) and no spectral image survives
 * (upsampling). The filter is zero-phase: output sample n lies at time n / outputRate, aligned with
 * the input, and {@code ceil(inputLength * out / in)} samples come out.
 *
 * <p>One {@code Resampler} (immutable, shareable between threads) holds the filter bank; each audio
 * stream gets its own {@link ResamplerStream} via {@link #newStream()}.
 */
public final class Resampler {

  /**
   * Default passband edge as a fraction of the lower Nyquist frequency (7.2 kHz for 16 kHz output).
   */
  public static final double DEFAULT_PASSBAND = 0.90;

  /** Default minimum stopband attenuation. */
  public static final double DEFAULT_STOPBAND_DB = 80.0;

  private static final long MAX_TABLE_FLOATS = 4L << 20;

  private final int inputRate;
  private final int outputRate;
  private final int upFactor; // L: output rate / gcd
  private final int downFactor; // M: input rate / gcd
  private final int halfTaps; // K: taps on each side of the output instant, in input samples
  private final double cutoffHz;
  private final double halfWidthSeconds;
  private final double beta;
  private final float[][] phases; // [L][2K], or null when computed on the fly (huge L)

  private Resampler(int inputRate, int outputRate, double passband, double stopbandDb) {
    checkRate("input", inputRate);
    checkRate("output", outputRate);
    if (!(passband > 0 && passband < 1)) {
      throw new IllegalArgumentException("passband must be in (0, 1), got " + passband);
    }
    if (!(stopbandDb >= 21 && stopbandDb <= 200)) {
      throw new IllegalArgumentException(
          "stopband attenuation must be in [21, 200] dB, got " + stopbandDb);
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    int g = gcd(inputRate, outputRate);
    this.upFactor = outputRate / g;
    this.downFactor = inputRate / g;
    double nyquist = Math.min(inputRate, outputRate) / 2.0;
    double passEdge = passband * nyquist;
    double transition = nyquist - passEdge;
    this.cutoffHz = (passEdge + nyquist) / 2;
    // Kaiser's design formulas: window length for the attenuation and transition width, and the
    // shape beta
    this.halfWidthSeconds = (stopbandDb - 7.95) / (2 * 14.36 * transition);
    this.beta =
        stopbandDb > 50
            ? 0.1102 * (stopbandDb - 8.7)
            : 0.5842 * Math.pow(stopbandDb - 21, 0.4) + 0.07886 * (stopbandDb - 21);
    this.halfTaps = inputRate == outputRate ? 0 : (int) Math.ceil(halfWidthSeconds * inputRate);
    this.phases =
        inputRate == outputRate || (long) upFactor * 2 * halfTaps > MAX_TABLE_FLOATS
            ? null
            : buildPhases();
  }

  /** A resampler with the default quality (passband 0.90 of Nyquist, 80 dB stopband). */
  public static Resampler of(int inputRate, int outputRate) {
    return new Resampler(inputRate, outputRate, DEFAULT_PASSBAND, DEFAULT_STOPBAND_DB);
  }

  /**
   * A resampler with an explicit passband edge (fraction of the lower Nyquist) and stopband
   * attenuation.
   */
  public static Resampler of(int inputRate, int outputRate, double passband, double stopbandDb) {
    return new Resampler(inputRate, outputRate, passband, stopbandDb);
  }

  /**
   * Converts {@code audio} to {@code outputRate} in one shot (returns it unchanged when the rate
   * already matches).
   */
  public static PcmAudio resample(PcmAudio audio, int outputRate) {
    if (audio.sampleRate() == outputRate) {
      return audio;
    }
    return new PcmAudio(of(audio.sampleRate(), outputRate).resample(audio.samples()), outputRate);
  }

  /**
   * Resamples a whole signal; the same as one {@link ResamplerStream#process} plus {@link
   * ResamplerStream#flush}.
   */
  public float[] resample(float[] input) {
    ResamplerStream stream = newStream();
    float[] body = stream.process(input, 0, input.length);
    float[] tail = stream.flush();
    float[] out = java.util.Arrays.copyOf(body, body.length + tail.length);
    System.arraycopy(tail, 0, out, body.length, tail.length);
    return out;
  }

  /** A fresh per-stream state (input history and output position) over this filter bank. */
  public ResamplerStream newStream() {
    return new ResamplerStream(this);
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /**
   * Output samples for {@code inputSamples} input samples: {@code ceil(inputSamples * out / in)}.
   */
  public long outputLength(long inputSamples) {
    return ceilDiv(inputSamples * upFactor, downFactor);
  }

  /** Low-pass cutoff (centre of the transition band) in Hz. */
  public double cutoffHz() {
    return cutoffHz;
  }

  /** Input samples each output sample reads on either side. */
  int halfTaps() {
    return halfTaps;
  }

  int upFactor() {
    return upFactor;
  }

  int downFactor() {
    return downFactor;
  }

  boolean isIdentity() {
    return inputRate == outputRate;
  }

  /**
   * Coefficients of polyphase branch {@code phase} (output instant phase/L input samples after a
   * whole sample).
   */
  float[] phase(int phase) {
    return phases != null ? phases[phase] : computePhase(phase);
  }

  private float[][] buildPhases() {
    float[][] table = new float[upFactor][];
    for (int p = 0; p < upFactor; p++) {
      table[p] = computePhase(p);
    }
    return table;
  }

  /**
   * Tap k multiplies input sample (i0 - K + 1 + k), where the output instant is i0 + p/L input
   * samples.
   */
  private float[] computePhase(int p) {
    int taps = 2 * halfTaps;
    double[] h = new double[taps];
    double sum = 0;
    double frac = (double) p / upFactor;
    for (int k = 0; k < taps; k++) {
      double seconds = (frac + halfTaps - 1 - k) / inputRate;
      h[k] = kernel(seconds);
      sum += h[k];
    }
    float[] out = new float[taps];
    for (int k = 0; k < taps; k++) {
      out[k] = (float) (h[k] / sum); // exact unity gain at DC for every phase
    }
    return out;
  }

  private double kernel(double seconds) {
    double u = seconds / halfWidthSeconds;
    if (Math.abs(u) >= 1) {
      return 0;
    }
    double x = 2 * cutoffHz * seconds;
    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return sinc * besselI0(beta * Math.sqrt(1 - u * u));
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  private static void checkRate(String which, int rate) {
    if (rate < WavReader.MIN_SAMPLE_RATE || rate > WavReader.MAX_SAMPLE_RATE) {
      throw new IllegalArgumentException(
          which
              + " sample rate "
              + rate
              + " Hz is outside "
              + WavReader.MIN_SAMPLE_RATE
              + ".."
              + WavReader.MAX_SAMPLE_RATE
              + " Hz");
    }
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
