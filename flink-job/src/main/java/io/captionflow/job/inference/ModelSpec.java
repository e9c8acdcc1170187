package io.captionflow.job.inference;

import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.StreamingParams;
import io.captionflow.diarization.session.DiarizationAvailability;
import io.captionflow.inference.SpeechRecognizer;
import io.captionflow.inference.parakeet.ParakeetRecognizer;
import io.captionflow.inference.parakeet.RecognizerConfig;
import io.captionflow.inference.vad.SileroVadModel;
import io.captionflow.inference.vad.VadModel;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which recognizer, VAD and diarization model an operator loads (serializable: it travels inside
 * the job graph; Paths do not). {@code loader} builds the recognizer from its config: {@link
 * ParakeetRecognizer#load} in production. {@code sortformerModel}: the streaming Sortformer ONNX
 * file, or null (diarized sessions are refused).
 */
public record ModelSpec(
    String modelDir,
    String device,
    String precision,
    int intraOpThreads,
    String sileroVadModel,
    Loader loader,
    String sortformerModel)
    implements Serializable {

  /** Loads a recognizer; a named class so the model holder can tell loaders apart. */
  @FunctionalInterface
  public interface Loader extends Serializable {
    SpeechRecognizer load(RecognizerConfig config);
  }

  public static final Loader PARAKEET = ParakeetRecognizer::load;

  public ModelSpec {
    if (modelDir == null || modelDir.isBlank()) {
      throw new IllegalArgumentException(
          "Parakeet model directory is required (PARAKEET_MODEL_DIR or --model)");
    }
  }

  /** Without a diarization model. */
  public ModelSpec(
      String modelDir,
      String device,
      String precision,
      int intraOpThreads,
      String sileroVadModel,
      Loader loader) {
    this(modelDir, device, precision, intraOpThreads, sileroVadModel, loader, null);
  }

  public static ModelSpec parakeet(Path modelDir, String device, String sileroVadModel) {
    return new ModelSpec(
        modelDir.toString(), device == null ? "cpu" : device, "fp32", 0, sileroVadModel, PARAKEET);
  }

  public ModelSpec withSortformerModel(String path) {
    return new ModelSpec(
        modelDir,
        device,
        precision,
        intraOpThreads,
        sileroVadModel,
        loader,
        path == null || path.isBlank() ? null : path);
  }

  public RecognizerConfig recognizerConfig() {
    return new RecognizerConfig(
        Path.of(modelDir),
        RecognizerConfig.parsePrecision(precision),
        RecognizerConfig.parseDevice(device),
        intraOpThreads);
  }

  /** The key the shared-model holder uses: same config and same loader → same loaded model. */
  public Object recognizerKey() {
    return new RecognizerKey(loader.getClass().getName(), recognizerConfig());
  }

  public boolean hasSileroVad() {
    return sileroVadModel != null && !sileroVadModel.isBlank();
  }

  /**
   * The shared Silero v5 model (only when {@link #hasSileroVad()}; otherwise sessions use {@link
   * RmsFrameVad}).
   */
  public SharedModels.Lease<VadModel> acquireSileroVad() {
    Path file = Path.of(sileroVadModel);
    return SharedModels.acquire("silero-vad:" + file, key -> SileroVadModel.load(file));
  }

  /**
   * The shared diarization model (loaded once per task manager with the low-latency streaming
   * setting, 1.04 s), or the reason it is unavailable: none configured, file missing, wrong
   * signature.
   */
  public SharedModels.Lease<DiarizationAvailability> acquireDiarization() {
    Optional<SortformerConfig> config =
        sortformerModel == null
            ? Optional.empty()
            : Optional.of(
                new SortformerConfig(
                    Path.of(sortformerModel), device, 1, Optional.of(StreamingParams.LOW_LATENCY)));
    return SharedModels.acquire(
        "sortformer:" + sortformerModel + ":" + device,
        key -> DiarizationAvailability.load(config));
  }

  private record RecognizerKey(String loader, RecognizerConfig config) {}
}
