package io.captionflow.audio;

import java.util.Arrays;

/**
 * One audio stream's resampling state: feed input chunks of any size with {@link #process}, then
 * call {@link #flush} once at the end. The concatenated output equals {@link Resampler#resample} of
 * the whole input, sample for sample. Not thread-safe; one per stream.
 */
public final class ResamplerStream {

  private static final float[] NONE = new float[0];

  private final Resampler resampler;
  private final int halfTaps;
  private final long up;
  private final long down;
  private float[] history =
      new float[0]; // input samples [historyStart, historyStart + historyLength)
  private long historyStart;
  private int historyLength;
  private long inputCount;
  private long nextOutput;
  private boolean flushed;

  ResamplerStream(Resampler resampler) {
    this.resampler = resampler;
    this.halfTaps = resampler.halfTaps();
    this.up = resampler.upFactor();
    this.down = resampler.downFactor();
  }

  /** Adds {@code length} input samples and returns every output sample that can now be computed. */
  public float[] process(float[] input, int offset, int length) {
    if (flushed) {
      throw new IllegalStateException("stream already flushed");
    }
    if (resampler.isIdentity()) {
      inputCount += length;
      return Arrays.copyOfRange(input, offset, offset + length);
    }
    append(input, offset, length);
    // output n needs input up to floor(n*M/L) + K: wait until it has arrived
    long ready = Math.max(nextOutput, Resampler.ceilDiv((inputCount - halfTaps) * up, down));
    return produce(ready);
  }

  public float[] process(float[] input) {
    return process(input, 0, input.length);
  }

  /** Ends the stream: the remaining output, computed as if the input continued with silence. */
  public float[] flush() {
    if (flushed) {
      throw new IllegalStateException("stream already flushed");
    }
    flushed = true;
    if (resampler.isIdentity()) {
      return NONE;
    }
    return produce(resampler.outputLength(inputCount));
  }

  /** Input samples consumed so far. */
  public long inputSamples() {
    return inputCount;
  }

  /** Output samples produced so far. */
  public long outputSamples() {
    return resampler.isIdentity() ? inputCount : nextOutput;
  }

  private float[] produce(long endExclusive) {
    if (endExclusive <= nextOutput) {
      return NONE;
    }
    float[] out = new float[(int) (endExclusive - nextOutput)];
    int taps = 2 * halfTaps;
    for (int o = 0; o < out.length; o++, nextOutput++) {
      long pos = nextOutput * down;
      long whole = pos / up;
      int phase = (int) (pos % up);
      float[] h = resampler.phase(phase);
      long first = whole - halfTaps + 1;
      // taps outside the history read silence (before the start, after the end at flush)
      int kFrom = (int) Math.max(0, historyStart - first);
      int kTo = (int) Math.min(taps, historyStart + historyLength - first);
      int base = (int) (first - historyStart);
      double acc = 0;
      for (int k = kFrom; k < kTo; k++) {
        acc += h[k] * history[base + k];
      }
      out[o] = (float) acc;
    }
    discardBefore(nextOutput * down / up - halfTaps + 1);
    return out;
  }

  private void append(float[] input, int offset, int length) {
    if (historyLength + length > history.length) {
      history = Arrays.copyOf(history, Math.max(historyLength + length, history.length * 2));
    }
    System.arraycopy(input, offset, history, historyLength, length);
    historyLength += length;
    inputCount += length;
  }

  private void discardBefore(long index) {
    int drop = (int) Math.min(historyLength, Math.max(0, index - historyStart));
    if (drop > 0) {
      System.arraycopy(history, drop, history, 0, historyLength - drop);
      historyLength -= drop;
      historyStart += drop;
    }
  }
}
