package io.captionflow.diarization.model;

import java.util.Map;

/**
 * Streaming Sortformer chunking, in 80 ms model frames (NeMo {@code sortformer_modules} names).
 *
 * @param chunkLen frames whose predictions one model call produces
 * @param rightContext look-ahead frames fed after the chunk (predicted, then discarded)
 * @param fifoLen most recent past frames kept verbatim before the chunk
 * @param spkcacheLen frames kept in the compressed speaker cache (arrival-ordered speaker memory)
 * @param spkcacheUpdatePeriod frames moved from the FIFO to the cache when the FIFO overflows
 */
public record StreamingParams(
    int chunkLen, int rightContext, int fifoLen, int spkcacheLen, int spkcacheUpdatePeriod) {

  /**
   * NeMo model-card "low latency" setting: (6 + 7) × 80 ms = 1.04 s from sound to speaker label.
   */
  public static final StreamingParams LOW_LATENCY = new StreamingParams(6, 7, 188, 188, 144);

  /**
   * The setting parakeet-rs exports its ONNX files with (and its fallback when metadata is absent):
   * 10 s latency.
   */
  public static final StreamingParams EXPORT_DEFAULT = new StreamingParams(124, 1, 124, 188, 124);

  public StreamingParams {
    if (chunkLen < 1 || rightContext < 0 || fifoLen < 0 || spkcacheUpdatePeriod < 1) {
      throw new IllegalArgumentException(
          "invalid streaming parameters: "
              + describe(chunkLen, rightContext, fifoLen, spkcacheLen, spkcacheUpdatePeriod));
    }
    if (spkcacheLen < SortformerModel.SPEAKERS * 4) {
      throw new IllegalArgumentException(
          "spkcache_len must be at least "
              + SortformerModel.SPEAKERS * 4
              + " frames (room for every speaker plus silence), got "
              + spkcacheLen);
    }
  }

  /**
   * Reads {@code chunk_len}, {@code right_context}, {@code fifo_len}, {@code spkcache_len} (and an
   * optional {@code spkcache_update_period}) from ONNX metadata; a missing key takes {@link
   * #EXPORT_DEFAULT}'s value.
   */
  public static StreamingParams fromMetadata(Map<String, String> metadata) {
    int chunk = intOr(metadata, "chunk_len", EXPORT_DEFAULT.chunkLen);
    return new StreamingParams(
        chunk,
        intOr(metadata, "right_context", EXPORT_DEFAULT.rightContext),
        intOr(metadata, "fifo_len", EXPORT_DEFAULT.fifoLen),
        intOr(metadata, "spkcache_len", EXPORT_DEFAULT.spkcacheLen),
        intOr(metadata, "spkcache_update_period", chunk));
  }

  /** Seconds from a sound to its speaker probabilities (excluding compute time). */
  public double latencySeconds() {
    return (chunkLen + rightContext) * SortformerModel.FRAME_SECONDS;
  }

  private static int intOr(Map<String, String> metadata, String key, int fallback) {
    String v = metadata.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "ONNX metadata '" + key + "' must be an integer, found '" + v + "'");
    }
  }

  private static String describe(int c, int r, int f, int s, int u) {
    return "chunk_len="
        + c
        + " right_context="
        + r
        + " fifo_len="
        + f
        + " spkcache_len="
        + s
        + " spkcache_update_period="
        + u;
  }

  @Override
  public String toString() {
    return describe(chunkLen, rightContext, fifoLen, spkcacheLen, spkcacheUpdatePeriod);
  }
}
