package io.captionflow.asr.features;

import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming log-mel filterbank exactly as sherpa-onnx configures kaldi-native-fbank's online fbank
 * for NeMo cache-aware transducers: 16 kHz floats in [-1, 1], 400-sample frames every 160 samples
 * with {@code snip_edges=false} (edges reflected), no dither, no DC removal, per-frame pre-emphasis
 * 0.97, periodic Hann window, 512-point power spectrum, {@link MelFilterbank}'s Slaney filters over
 * 0–8000 Hz, {@code ln(max(energy, FLT_EPSILON))}, no normalisation. Arithmetic is in double
 * (kaldi-native-fbank's is float), so values agree with it to float rounding, not bit for bit.
 *
 * <p>Audio arrives chunk by chunk through {@link #accept}; every frame is computed as soon as its
 * samples are in, and the result does not depend on how the audio was split. Only the samples
 * future frames need and the frames not yet {@linkplain #discardBefore discarded} are kept. One
 * instance per stream; not thread-safe.
 */
public final class KaldiFbank {

  public static final int SAMPLE_RATE = 16_000;
  public static final int FRAME_LENGTH = 400;
  public static final int FRAME_SHIFT = 160;
  public static final int FFT_SIZE = 512;
  public static final int MAX_BINS = FFT_SIZE / 2 + 1;

  private static final double PRE_EMPHASIS = 0.97;
  private static final double FLT_EPSILON = 0x1p-23;
  private static final double[] HANN = periodicHann();

  /** Samples copied in per step: a frame plus room for several shifts, so big chunks stay cheap. */
  private static final int SAMPLE_CAPACITY = FRAME_LENGTH + 32 * FRAME_SHIFT;

  private final int bins;
  private final int[] filterFirstBin;
  private final double[][] filterWeights; // the nonzero run of each mel filter
  private final RealFftPower fft = new RealFftPower(FFT_SIZE);
  private final double[] frame = new double[FFT_SIZE];
  private final double[] power = new double[MAX_BINS];

  private final float[] samples = new float[SAMPLE_CAPACITY];
  private long bufferStart; // stream index of samples[0]
  private int buffered;
  private long samplesAccepted;
  private boolean finished;

  private float[] features; // frames from storeStart on, bins floats each
  private long storeStart;
  private long firstRetained;
  private long framesReady;

  public KaldiFbank(int bins) {
    if (bins < 1 || bins > MAX_BINS) {
      throw new IllegalArgumentException(
          "mel bins must be between 1 and " + MAX_BINS + " (512-point FFT), got " + bins);
    }
    this.bins = bins;
    MelFilterbank filterbank = new MelFilterbank(bins, FFT_SIZE, SAMPLE_RATE, 0, SAMPLE_RATE / 2.0);
    filterFirstBin = new int[bins];
    filterWeights = new double[bins][];
    for (int m = 0; m < bins; m++) {
      int first = 0;
      while (first < MAX_BINS && filterbank.weight(m, first) == 0) {
        first++;
      }
      int last = MAX_BINS - 1;
      while (last >= first && filterbank.weight(m, last) == 0) {
        last--;
      }
      filterFirstBin[m] = Math.min(first, MAX_BINS - 1);
      filterWeights[m] = new double[Math.max(0, last - first + 1)];
      for (int k = first; k <= last; k++) {
        filterWeights[m][k - first] = filterbank.weight(m, k);
      }
    }
    features = new float[bins * 64];
  }

  public int bins() {
    return bins;
  }

  /** Stream index of the first sample of frame {@code frame} (negative for frame 0: reflected). */
  private static long firstSample(long frame) {
    return frame * FRAME_SHIFT + FRAME_SHIFT / 2 - FRAME_LENGTH / 2;
  }

  /** The number of samples after which frame {@code frameIndex} is complete without a flush. */
  public static long samplesNeededFor(long frameIndex) {
    if (frameIndex < 0) {
      throw new IllegalArgumentException("frame index must be >= 0, got " + frameIndex);
    }
    return firstSample(frameIndex) + FRAME_LENGTH;
  }

  /** Frames after {@code samples} samples and a flush: round(samples / 160). */
  public static long framesAfterFlush(long samples) {
    if (samples < 0) {
      throw new IllegalArgumentException("sample count must be >= 0, got " + samples);
    }
    return (samples + FRAME_SHIFT / 2) / FRAME_SHIFT;
  }

  /** Frames complete after {@code samples} samples without a flush. */
  private static long framesWithoutFlush(long samples) {
    return Math.max(0, Math.floorDiv(samples - samplesNeededFor(0), FRAME_SHIFT) + 1);
  }

  /**
   * Appends audio and computes every frame that is now complete (frame i once {@link
   * #samplesNeededFor}(i) samples are in).
   */
  public void accept(float[] audio, int offset, int length) {
    Objects.requireNonNull(audio, "audio");
    Objects.checkFromIndexSize(offset, length, audio.length);
    if (finished) {
      throw new IllegalStateException("accept after inputFinished: the stream is closed");
    }
    for (int i = offset; i < offset + length; i++) {
      if (!Float.isFinite(audio[i])) {
        throw new IllegalArgumentException(
            "audio["
                + i
                + "] (stream sample "
                + (samplesAccepted + i - offset)
                + ") is "
                + audio[i]
                + "; audio must be finite");
      }
    }
    int position = offset;
    int end = offset + length;
    while (position < end) {
      int n = Math.min(end - position, SAMPLE_CAPACITY - buffered);
      System.arraycopy(audio, position, samples, buffered, n);
      buffered += n;
      samplesAccepted += n;
      position += n;
      computeFramesUpTo(framesWithoutFlush(samplesAccepted));
    }
  }

  /** End of input: computes the last frames, reflecting the signal at its end as kaldi does. */
  public void inputFinished() {
    if (finished) {
      return;
    }
    finished = true;
    computeFramesUpTo(framesAfterFlush(samplesAccepted));
  }

  /** Global count of frames computed so far. */
  public long framesReady() {
    return framesReady;
  }

  public long samplesAccepted() {
    return samplesAccepted;
  }

  /** Samples held for future frames (bounded by one frame; for tests of the memory bound). */
  int samplesBuffered() {
    return buffered;
  }

  /**
   * Copies frames [from, from+count) feature-major into {@code dest}: {@code dest[destOffset +
   * f*count + t] = frame(from+t)[f]}, one row of the encoder's {@code audio_signal [B, bins, T]}.
   */
  public void copyFeatureMajor(long from, int count, float[] dest, int destOffset) {
    Objects.requireNonNull(dest, "dest");
    if (count < 0) {
      throw new IllegalArgumentException("frame count must be >= 0, got " + count);
    }
    if (from < firstRetained) {
      throw new IllegalArgumentException(
          "frame " + from + " was discarded (frames before " + firstRetained + " are gone)");
    }
    if (from + count > framesReady) {
      throw new IllegalArgumentException(
          "frame "
              + (from + count - 1)
              + " is not computed yet (frames ready: "
              + framesReady
              + ", samples accepted: "
              + samplesAccepted
              + ")");
    }
    Objects.checkFromIndexSize(destOffset, (long) bins * count, dest.length);
    for (int t = 0; t < count; t++) {
      int source = (int) (from + t - storeStart) * bins;
      for (int f = 0; f < bins; f++) {
        dest[destOffset + f * count + t] = features[source + f];
      }
    }
  }

  /** Forgets frames before {@code frame}; later reads of them fail. */
  public void discardBefore(long frame) {
    if (frame < 0 || frame > framesReady) {
      throw new IllegalArgumentException(
          "can discard only up to the frames ready (" + framesReady + "), got frame " + frame);
    }
    firstRetained = Math.max(firstRetained, frame);
  }

  private void computeFramesUpTo(long target) {
    while (framesReady < target) {
      computeFrame(framesReady, reserveFrameSlot());
      framesReady++;
    }
    // samples before the next frame's first sample are never read again
    long keepFrom = Math.max(0, firstSample(framesReady));
    int drop = (int) Math.min(buffered, keepFrom - bufferStart);
    if (drop > 0) {
      System.arraycopy(samples, drop, samples, 0, buffered - drop);
      buffered -= drop;
      bufferStart += drop;
    }
  }

  /** Offset in {@link #features} for frame {@link #framesReady}, compacting or growing first. */
  private int reserveFrameSlot() {
    long needed = (framesReady + 1 - storeStart) * bins;
    if (needed > features.length) {
      int live = (int) (framesReady - firstRetained) * bins;
      int shift = (int) (firstRetained - storeStart) * bins;
      float[] target =
          (live + bins) * 2 > features.length ? new float[(live + bins) * 2] : features;
      System.arraycopy(features, shift, target, 0, live);
      features = target;
      storeStart = firstRetained;
    }
    return (int) (framesReady - storeStart) * bins;
  }

  private void computeFrame(long index, int out) {
    long start = firstSample(index);
    boolean inside = start >= 0 && start + FRAME_LENGTH <= samplesAccepted;
    for (int s = 0; s < FRAME_LENGTH; s++) {
      long j = inside ? start + s : reflect(start + s, samplesAccepted);
      frame[s] = samples[(int) (j - bufferStart)];
    }
    for (int s = FRAME_LENGTH - 1; s > 0; s--) {
      frame[s] -= PRE_EMPHASIS * frame[s - 1];
    }
    frame[0] -= PRE_EMPHASIS * frame[0];
    for (int s = 0; s < FRAME_LENGTH; s++) {
      frame[s] *= HANN[s];
    }
    Arrays.fill(frame, FRAME_LENGTH, FFT_SIZE, 0);
    fft.powerSpectrum(frame, power);
    for (int m = 0; m < bins; m++) {
      double[] w = filterWeights[m];
      int first = filterFirstBin[m];
      double energy = 0;
      for (int k = 0; k < w.length; k++) {
        energy += w[k] * power[first + k];
      }
      features[out + m] = (float) Math.log(Math.max(energy, FLT_EPSILON));
    }
  }

  /** Kaldi's edge rule: -1 → 0, -2 → 1; n → n-1, n+1 → n-2; repeated for very short signals. */
  private static long reflect(long j, long n) {
    while (j < 0 || j >= n) {
      j = j < 0 ? -j - 1 : 2 * n - 1 - j;
    }
    return j;
  }

  private static double[] periodicHann() {
    double[] w = new double[FRAME_LENGTH];
    for (int i = 0; i < FRAME_LENGTH; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME_LENGTH);
    }
    return w;
  }
}
