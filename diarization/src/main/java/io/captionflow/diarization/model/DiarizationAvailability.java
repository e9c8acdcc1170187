package io.captionflow.diarization.model;

import io.captionflow.diarization.timeline.DiarizationSettings;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process can diarize, decided once at start-up: the loaded model, or the reason there
 * is none. A session that asks for diarization when it is unavailable is refused at its start with
 * {@link #refusal}.
 */
public final class DiarizationAvailability implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DiarizationAvailability.class);

  private final SortformerModel model;
  private final String reason;

  private DiarizationAvailability(SortformerModel model, String reason) {
    this.model = model;
    this.reason = reason;
  }

  /**
   * Loads the model {@code config} names; a missing or wrong file makes diarization unavailable,
   * with its reason.
   */
  public static DiarizationAvailability load(Optional<SortformerConfig> config) {
    if (config.isEmpty()) {
      return new DiarizationAvailability(
          null,
          "no Sortformer model is configured (set "
              + SortformerConfig.MODEL_PATH_ENV
              + " to the diar_streaming_sortformer_4spk-v2 ONNX file)");
    }
    try {
      SortformerModel model = SortformerModel.load(config.get());
      LOG.info("Sortformer diarization model loaded from {} ({})", model.path(), model.streaming());
      return new DiarizationAvailability(model, null);
    } catch (ModelContractException e) {
      LOG.warn("diarization unavailable: {}", e.getMessage());
      return new DiarizationAvailability(null, e.getMessage());
    }
  }

  /** From {@code SORTFORMER_MODEL_PATH} / {@code CAPTIONFLOW_DEVICE}. */
  public static DiarizationAvailability fromEnvironment(Map<String, String> env) {
    return load(SortformerConfig.fromEnvironment(env));
  }

  /** Why a session with {@code settings} must be refused; empty when it may start. */
  public Optional<String> refusal(DiarizationSettings settings) {
    if (!settings.enabled() || model != null) {
      return Optional.empty();
    }
    return Optional.of("speaker diarization was requested but is unavailable: " + reason);
  }

  /** The shared model, when loaded. */
  public Optional<SortformerModel> model() {
    return Optional.ofNullable(model);
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
  }
}
