package io.captionflow.diarization.model;

import io.captionflow.asr.parakeet.RecognizerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load the Sortformer model.
 *
 * @param modelPath the {@code diar_streaming_sortformer_4spk-v2(.1).onnx} file
 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param threads intra-op threads for ONNX Runtime (0: its default)
 * @param streaming chunking to use; empty: what the model's metadata says
 */
public record SortformerConfig(
    Path modelPath, String device, int threads, Optional<StreamingParams> streaming) {

  public static final String MODEL_PATH_ENV = "SORTFORMER_MODEL_PATH";
  public static final String DEVICE_ENV = "CAPTIONFLOW_DEVICE";

  public SortformerConfig {
    Objects.requireNonNull(modelPath, "modelPath");
    Objects.requireNonNull(streaming, "streaming");
    RecognizerConfig.parseDevice(device); // the recognizer's forms: cpu, cuda, cuda:N
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
  }

  public static SortformerConfig of(Path modelPath) {
    return new SortformerConfig(modelPath, "cpu", 1, Optional.empty());
  }

  /**
   * From {@code SORTFORMER_MODEL_PATH} and {@code CAPTIONFLOW_DEVICE}; empty when no model path is
   * set.
   */
  public static Optional<SortformerConfig> fromEnvironment(Map<String, String> env) {
    String path = env.get(MODEL_PATH_ENV);
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new SortformerConfig(
            Path.of(path), env.getOrDefault(DEVICE_ENV, "cpu"), 1, Optional.empty()));
  }

  public SortformerConfig withStreaming(StreamingParams params) {
    return new SortformerConfig(modelPath, device, threads, Optional.of(params));
  }
}
