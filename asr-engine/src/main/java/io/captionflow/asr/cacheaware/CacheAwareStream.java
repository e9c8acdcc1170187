package io.captionflow.asr.cacheaware;

import io.captionflow.asr.Token;
import io.captionflow.asr.features.KaldiFbank;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's decoding state for a {@link CacheAwareRecognizer}: its features, how far the
 * encoder has read them, the encoder caches, the prediction network's state and the tokens not yet
 * taken. Only the session's own thread touches it; the recognizer holds none of it.
 */
public final class CacheAwareStream {

  private final CacheAwareMetadata meta;
  private final KaldiFbank features;
  private long nextFrame;
  final float[] channelCache;
  final float[] timeCache;
  long channelCacheLength;
  final float[] h;
  final float[] c;
  float[] decoderOut;
  int lastToken;
  private long decodedFrames;
  private final List<Token> tokens = new ArrayList<>();
  private long realSamples;
  private boolean finished;

  CacheAwareStream(CacheAwareMetadata meta, int bins) {
    this.meta = meta;
    this.features = new KaldiFbank(bins);
    this.channelCache = new float[meta.channelCacheSize()];
    this.timeCache = new float[meta.timeCacheSize()];
    this.h = new float[meta.stateSize()];
    this.c = new float[meta.stateSize()];
    this.lastToken = meta.blank();
  }

  /** Appends 16 kHz audio; features are computed as frames complete. */
  public void accept(float[] samples, int offset, int length) {
    if (finished) {
      throw new IllegalStateException("the stream's input has finished; no more audio");
    }
    features.accept(samples, offset, length);
    realSamples += length;
  }

  /**
   * Ends the input: the export has no flush of its own, so silence follows until every real frame
   * falls in a decoded window (window_size + 1 feature frames of zeros).
   */
  public void inputFinished() {
    if (finished) {
      return;
    }
    features.accept(new float[tailPaddingSamples(meta)], 0, tailPaddingSamples(meta));
    features.inputFinished();
    finished = true;
  }

  /** Zero samples appended at the end of input. */
  public static int tailPaddingSamples(CacheAwareMetadata meta) {
    return (meta.windowSize() + 1) * KaldiFbank.FRAME_SHIFT;
  }

  /** True when a whole window of features awaits the encoder (sherpa-onnx's readiness rule). */
  public boolean isReady() {
    return nextFrame + meta.windowSize() < features.framesReady();
  }

  /** Encoder frames decoded so far; token frames count from the stream's first audio. */
  public long decodedFrames() {
    return decodedFrames;
  }

  /** Audio samples given to {@link #accept} (the end-of-input padding not included). */
  public long samplesAccepted() {
    return realSamples;
  }

  public boolean inputHasFinished() {
    return finished;
  }

  /** The tokens decoded since the last call, in order. */
  public List<Token> takeTokens() {
    List<Token> out = List.copyOf(tokens);
    tokens.clear();
    return out;
  }

  /** Copies the next window's features into an encoder input row ([F, window] feature-major). */
  void copyWindow(float[] dest, int offset) {
    features.copyFeatureMajor(nextFrame, meta.windowSize(), dest, offset);
  }

  /** The window was encoded: advance by one chunk and forget features no window needs again. */
  void advance(int encodedFrames) {
    nextFrame += meta.chunkShift();
    decodedFrames += encodedFrames;
    features.discardBefore(nextFrame);
  }

  void emit(Token token) {
    tokens.add(token);
  }
}
