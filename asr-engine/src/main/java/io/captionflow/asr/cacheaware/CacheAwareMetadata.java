package io.captionflow.asr.cacheaware;

import java.util.List;
import java.util.Map;

/**
 * The sizes a cache-aware streaming transducer export states in its encoder's metadata (sherpa-onnx
 * keys): everything the stream needs is read from here, never assumed.
 *
 * @param vocabSize the blank's id; the joiner emits vocabSize + 1 logits
 * @param windowSize feature frames per encoder call (chunk_shift + the look-back frames)
 * @param chunkShift feature frames a stream advances per call
 * @param channelLayers cache_last_channel_dim1 (layers)
 * @param channelFrames cache_last_channel_dim2 (left attention context, frames)
 * @param channelWidth cache_last_channel_dim3 (d_model)
 * @param timeLayers cache_last_time_dim1
 * @param timeWidth cache_last_time_dim2
 * @param timeFrames cache_last_time_dim3 (conv kernel - 1)
 */
public record CacheAwareMetadata(
    int vocabSize,
    int windowSize,
    int chunkShift,
    int subsamplingFactor,
    String normalizeType,
    int predRnnLayers,
    int predHidden,
    int channelLayers,
    int channelFrames,
    int channelWidth,
    int timeLayers,
    int timeWidth,
    int timeFrames) {

  /** The metadata key naming every size; a cache-aware export has all of them. */
  static final List<String> REQUIRED_KEYS =
      List.of(
          "vocab_size",
          "window_size",
          "chunk_shift",
          "subsampling_factor",
          "pred_rnn_layers",
          "pred_hidden",
          "cache_last_channel_dim1",
          "cache_last_channel_dim2",
          "cache_last_channel_dim3",
          "cache_last_time_dim1",
          "cache_last_time_dim2",
          "cache_last_time_dim3");

  /**
   * Reads the sizes from the encoder's custom metadata; every missing or malformed key, and every
   * size that cannot work, is one line of {@code problems} (and the result is null).
   */
  static CacheAwareMetadata read(Map<String, String> meta, String file, List<String> problems) {
    int before = problems.size();
    int[] v = new int[REQUIRED_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      String key = REQUIRED_KEYS.get(i);
      String value = meta.get(key);
      if (value == null) {
        problems.add(
            file + ": metadata has no '" + key + "' (not a cache-aware streaming export?)");
        continue;
      }
      try {
        v[i] = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        problems.add(file + ": metadata '" + key + "' is '" + value + "', not an integer");
        continue;
      }
      if (v[i] <= 0) {
        problems.add(file + ": metadata '" + key + "' is " + v[i] + ", must be positive");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    CacheAwareMetadata m =
        new CacheAwareMetadata(
            v[0],
            v[1],
            v[2],
            v[3],
            meta.getOrDefault("normalize_type", ""),
            v[4],
            v[5],
            v[6],
            v[7],
            v[8],
            v[9],
            v[10],
            v[11]);
    if (m.chunkShift % m.subsamplingFactor != 0) {
      problems.add(
          file
              + ": chunk_shift "
              + m.chunkShift
              + " is not a multiple of subsampling_factor "
              + m.subsamplingFactor
              + " (each call must yield whole encoder frames)");
    }
    if (m.windowSize <= m.chunkShift) {
      problems.add(
          file
              + ": window_size "
              + m.windowSize
              + " must exceed chunk_shift "
              + m.chunkShift
              + " (the window holds the chunk and its look-back frames)");
    }
    if (!m.normalizeType.isEmpty()) {
      problems.add(
          file
              + ": normalize_type '"
              + m.normalizeType
              + "' is not supported (streaming features are not normalised; exports say \"\")");
    }
    return problems.size() > before ? null : m;
  }

  /** Encoder output frames per call: chunk_shift / subsampling_factor. */
  public int framesPerChunk() {
    return chunkShift / subsamplingFactor;
  }

  /** Look-back feature frames each window repeats from the one before. */
  public int lookBackFrames() {
    return windowSize - chunkShift;
  }

  /** The blank's id (the last of the joiner's logits). */
  public int blank() {
    return vocabSize;
  }

  int channelCacheSize() {
    return channelLayers * channelFrames * channelWidth;
  }

  int timeCacheSize() {
    return timeLayers * timeWidth * timeFrames;
  }

  int stateSize() {
    return predRnnLayers * predHidden;
  }

  /** Audio seconds per encoder frame (10 ms feature hop times the subsampling). */
  public double frameSeconds() {
    return subsamplingFactor * 0.01;
  }

  /** Audio milliseconds one call advances a stream. */
  public int chunkMillis() {
    return chunkShift * 10;
  }
}
