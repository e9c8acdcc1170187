package io.captionflow.asr.features;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * NeMo-compatible log-mel front end ({@code AudioToMelSpectrogramPreprocessor}, 128 features) for
 * 16 kHz audio: pre-emphasis 0.97, centred 512-sample frames every 160 samples with a symmetric
 * 400-sample Hann window, power spectrum, Slaney mel filters 0–8000 Hz, ln(x + 2⁻²⁴), then
 * per-feature normalisation over the valid frames (variance with n − 1) in {@link #compute}; {@link
 * #logMel} gives the same log-mel of any frame range of a stream without normalisation (the
 * streaming Sortformer front end). Immutable and safe to share between threads.
 */
public final class LogMelSpectrogram {

  public static final int SAMPLE_RATE = 16_000;
  public static final int N_FFT = 512;
  public static final int HOP = 160;
  public static final int WINDOW = 400;

  /** Samples a feature frame reaches on each side of its centre. */
  public static final int HALF_FRAME = N_FFT / 2;

  private static final double PRE_EMPHASIS = 0.97;
  private static final double LOG_GUARD = Math.pow(2, -24);
  private static final double NORM_EPS = 1e-5;

  private final int features;
  private final MelFilterbank filterbank;
  private final double[] window = new double[N_FFT];

  public LogMelSpectrogram(int features) {
    this.features = features;
    this.filterbank = new MelFilterbank(features, N_FFT, SAMPLE_RATE, 0, SAMPLE_RATE / 2.0);
    int offset = (N_FFT - WINDOW) / 2;
    for (int i = 0; i < WINDOW; i++) { // numpy.hanning: symmetric
      window[offset + i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (WINDOW - 1));
    }
  }

  public LogMelSpectrogram() {
    this(128);
  }

  public int features() {
    return features;
  }

  public MelFilterbank filterbank() {
    return filterbank;
  }

  /** Number of valid feature frames for {@code samples} samples. */
  public static int frames(int samples) {
    return samples / HOP;
  }

  /** First stream sample that feature frame {@code frame} needs (one earlier for pre-emphasis). */
  public static long firstSampleNeeded(long frame) {
    return Math.max(0, frame * HOP - HALF_FRAME - 1);
  }

  /** Normalised log-mel of one window, {@code [features][samples / 160]}. */
  public float[][] compute(float[] samples) {
    int frames = frames(samples.length);
    double[] mel = logMelFrames(samples, 0, 0, frames);
    float[][] out = new float[features][frames];
    for (int m = 0; m < features; m++) {
      double mean = 0;
      for (int t = 0; t < frames; t++) {
        mean += mel[t * features + m];
      }
      mean /= frames;
      double var = 0;
      for (int t = 0; t < frames; t++) {
        double d = mel[t * features + m] - mean;
        var += d * d;
      }
      double std =
          frames > 1
              ? Math.sqrt(var / (frames - 1))
              : 0; // one frame: NeMo's n − 1 gives NaN; we keep it finite
      for (int t = 0; t < frames; t++) {
        out[m][t] = (float) ((mel[t * features + m] - mean) / (std + NORM_EPS));
      }
    }
    return out;
  }

  /**
   * Log-mel WITHOUT normalisation (NeMo {@code normalize: NA}) of feature frames {@code [fromFrame,
   * fromFrame + count)} of a stream, frame-major ({@code count × features}). Frame {@code t} is
   * centred on stream sample {@code 160 t}; samples before the stream start or past the end of
   * {@code audio} are zero, so a frame comes out the same however the stream was cut into pieces.
   *
   * @param audio stream samples {@code [audioStart, audioStart + audio.length)}; must start at or
   *     before {@link #firstSampleNeeded(long) firstSampleNeeded(fromFrame)}
   * @param audioStart stream index of {@code audio[0]}
   */
  public float[] logMel(float[] audio, long audioStart, long fromFrame, int count) {
    if (audioStart > firstSampleNeeded(fromFrame)) {
      throw new IllegalArgumentException(
          "audio starts at sample "
              + audioStart
              + " but frame "
              + fromFrame
              + " needs samples from "
              + firstSampleNeeded(fromFrame));
    }
    double[] mel = logMelFrames(audio, audioStart, fromFrame, count);
    float[] out = new float[mel.length];
    for (int i = 0; i < mel.length; i++) {
      out[i] = (float) mel[i];
    }
    return out;
  }

  /**
   * ln(mel power + 2⁻²⁴) of frames {@code [fromFrame, fromFrame + count)}, frame-major, in double.
   */
  private double[] logMelFrames(float[] audio, long audioStart, long fromFrame, int count) {
    long firstSample = fromFrame * HOP - HALF_FRAME;
    double[] emphasised = new double[count == 0 ? 0 : (count - 1) * HOP + N_FFT];
    for (int j = 0; j < emphasised.length; j++) {
      emphasised[j] = emphasised(audio, audioStart, firstSample + j);
    }
    double[] mel = new double[count * features];
    DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
    double[] frame = new double[N_FFT];
    double[] power = new double[N_FFT / 2 + 1];
    double[] melFrame = new double[features];
    for (int t = 0; t < count; t++) {
      int start = t * HOP;
      for (int i = 0; i < N_FFT; i++) {
        frame[i] = emphasised[start + i] * window[i];
      }
      fft.realForward(frame);
      power[0] = frame[0] * frame[0];
      power[N_FFT / 2] = frame[1] * frame[1];
      for (int k = 1; k < N_FFT / 2; k++) {
        power[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
      }
      filterbank.apply(power, melFrame);
      for (int m = 0; m < features; m++) {
        mel[t * features + m] = Math.log(melFrame[m] + LOG_GUARD);
      }
    }
    return mel;
  }

  /** Pre-emphasised stream sample; zero outside the stream, as NeMo pads after pre-emphasis. */
  private static double emphasised(float[] audio, long audioStart, long sample) {
    long i = sample - audioStart;
    if (sample < 0 || i >= audio.length) {
      return 0;
    }
    double previous = sample == 0 ? 0 : audio[(int) i - 1];
    return audio[(int) i] - PRE_EMPHASIS * previous;
  }

  /**
   * Features of several windows padded to the longest, laid out [B, features, T] with the valid
   * frame counts.
   */
  public Batch computeBatch(List<float[]> windows) {
    int maxFrames = 0;
    for (float[] w : windows) {
      maxFrames = Math.max(maxFrames, frames(w.length));
    }
    float[] data = new float[windows.size() * features * maxFrames];
    long[] lengths = new long[windows.size()];
    for (int b = 0; b < windows.size(); b++) {
      float[][] f = compute(windows.get(b));
      int frames = f.length == 0 ? 0 : f[0].length;
      lengths[b] = frames;
      for (int m = 0; m < features; m++) {
        System.arraycopy(f[m], 0, data, (b * features + m) * maxFrames, frames);
      }
    }
    return new Batch(data, windows.size(), features, maxFrames, lengths);
  }

  /**
   * Padded features of a batch, row-major [batch, features, frames]; frames past a window's length
   * are 0.
   */
  public record Batch(float[] data, int batch, int features, int frames, long[] lengths) {}
}
