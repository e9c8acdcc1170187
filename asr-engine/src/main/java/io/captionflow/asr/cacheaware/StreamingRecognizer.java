package io.captionflow.asr.cacheaware;

import java.util.List;

/**
 * A streaming recognizer shared by every session of a JVM (sherpa-onnx's shape): each session holds
 * a {@link CacheAwareStream}, and {@link #decode} runs one window of many streams at once.
 */
public interface StreamingRecognizer extends AutoCloseable {

  /** The sizes the model was exported with (chunk, window, caches). */
  CacheAwareMetadata metadata();

  /** A fresh stream: zero caches, the blank as the first prediction-network input. */
  CacheAwareStream newStream();

  /**
   * One decode round: the next window of every stream, in one encoder call; new tokens wait in each
   * stream's {@link CacheAwareStream#takeTokens}. Every stream must be ready and appear once.
   */
  void decode(List<CacheAwareStream> streams);

  @Override
  void close();
}
