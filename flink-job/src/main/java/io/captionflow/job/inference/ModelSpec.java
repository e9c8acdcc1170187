package io.captionflow.job.inference;

import io.captionflow.asr.OnnxRuntimeEnvironment;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.cacheaware.CacheAwareRecognizer;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.asr.vad.SileroVadModel;
import io.captionflow.asr.vad.VadModel;
import io.captionflow.diarization.model.DiarizationAvailability;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.StreamingParams;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which recognizer, VAD and diarization model an operator loads (serializable: it travels inside
 * the job graph; Paths do not). {@code loader} builds the recognizer from its config: {@link
 * ParakeetRecognizer#load} in production. {@code sortformerModel}: the streaming Sortformer ONNX
 * file, or null (diarized sessions are refused).
 *
 * @param precision {@code fp32}, {@code fp16} or {@code int8}: which model files to load
 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}; an operator on a task manager with
 *     Flink's GPU resource runs on that GPU instead ({@link CudaDeviceSelection})
 * @param ortThreads ONNX Runtime's global intra-op pool for the task manager, shared by every slot
 *     (0: ONNX Runtime's default, a pool per session)
 * @param streamingModel a cache-aware streaming transducer directory serving the {@code streaming}
 *     mode, or null; {@code modelDir} (the offline TDT model serving the other modes) may then be
 *     null
 */
public record ModelSpec(
    String modelDir,
    String device,
    String precision,
    int intraOpThreads,
    String sileroVadModel,
    Loader loader,
    String sortformerModel,
    int ortThreads,
    String streamingModel,
    StreamingLoader streamingLoader)
    implements Serializable {

  /** Loads a recognizer; a named class so the model holder can tell loaders apart. */
  @FunctionalInterface
  public interface Loader extends Serializable {
    SpeechRecognizer load(RecognizerConfig config);
  }

  public static final Loader PARAKEET = ParakeetRecognizer::load;

  /** Loads a streaming recognizer: {@link CacheAwareRecognizer#load} in production. */
  @FunctionalInterface
  public interface StreamingLoader extends Serializable {
    StreamingRecognizer load(RecognizerConfig config);
  }

  public static final StreamingLoader CACHE_AWARE = CacheAwareRecognizer::load;

  public ModelSpec {
    modelDir = modelDir == null || modelDir.isBlank() ? null : modelDir;
    streamingModel = streamingModel == null || streamingModel.isBlank() ? null : streamingModel;
    streamingLoader = streamingLoader == null ? CACHE_AWARE : streamingLoader;
    if (modelDir == null && streamingModel == null) {
      throw new IllegalArgumentException(
          "a model directory is required: an offline Parakeet TDT model (PARAKEET_MODEL_DIR or"
              + " --model) and/or a cache-aware streaming model (--streaming-model)");
    }
    // refused where the job is built, not on every task manager when it opens
    RecognizerConfig.parsePrecision(precision);
    RecognizerConfig.parseDevice(device);
    if (ortThreads < 0) {
      throw new IllegalArgumentException(
          "ONNX Runtime threads must be >= 0 (0 = ONNX Runtime's default), got " + ortThreads);
    }
  }

  /** With ONNX Runtime's default threads. */
  public ModelSpec(
      String modelDir,
      String device,
      String precision,
      int intraOpThreads,
      String sileroVadModel,
      Loader loader,
      String sortformerModel) {
    this(
        modelDir,
        device,
        precision,
        intraOpThreads,
        sileroVadModel,
        loader,
        sortformerModel,
        0,
        null,
        CACHE_AWARE);
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
    return copy(c -> c.sortformerModel = path == null || path.isBlank() ? null : path);
  }

  /** {@code fp32}, {@code fp16} or {@code int8}. */
  public ModelSpec withPrecision(String p) {
    return copy(c -> c.precision = p);
  }

  public ModelSpec withOrtThreads(int threads) {
    return copy(c -> c.ortThreads = threads);
  }

  /** True when the models run on a CUDA device. */
  public boolean onCuda() {
    return RecognizerConfig.parseDevice(device) == RecognizerConfig.Device.CUDA;
  }

  /**
   * The same models on CUDA device {@code index} (recognizer and diarization): a different shared
   * model from the same spec on another device.
   */
  public ModelSpec onDevice(int index) {
    if (!onCuda()) {
      throw new IllegalStateException(
          "models configured for '" + device + "' cannot move to CUDA device " + index);
    }
    if (index < 0) {
      throw new IllegalArgumentException("CUDA device index must be >= 0, got " + index);
    }
    return copy(c -> c.device = "cuda:" + index);
  }

  /** With a cache-aware streaming model directory (null: none). */
  public ModelSpec withStreamingModel(String dir) {
    return copy(c -> c.streamingModel = dir);
  }

  public boolean hasOfflineModel() {
    return modelDir != null;
  }

  public boolean hasStreamingModel() {
    return streamingModel != null;
  }

  /** The shared cache-aware recognizer (same precision and device as the offline model). */
  public SharedModels.Lease<StreamingRecognizer> acquireStreamingRecognizer() {
    sizeOrtThreadPool();
    RecognizerConfig config = configFor(streamingModel);
    return SharedModels.acquire(
        new RecognizerKey(streamingLoader.getClass().getName(), config),
        key -> streamingLoader.load(config));
  }

  /** With another streaming loader (tests inject failures through it). */
  public ModelSpec withStreamingLoader(StreamingLoader l) {
    return copy(c -> c.streamingLoader = l);
  }

  public RecognizerConfig recognizerConfig() {
    return configFor(modelDir);
  }

  private RecognizerConfig configFor(String dir) {
    return new RecognizerConfig(
        Path.of(dir),
        RecognizerConfig.parsePrecision(precision),
        RecognizerConfig.parseDevice(device),
        intraOpThreads,
        RecognizerConfig.parseCudaDevice(device));
  }

  /**
   * The shared recognizer for this spec (loaded once per task manager and device), after sizing
   * ONNX Runtime's global thread pool: call it in the operator's open() before any other model.
   */
  public SharedModels.Lease<SpeechRecognizer> acquireRecognizer() {
    sizeOrtThreadPool();
    return SharedModels.acquire(recognizerKey(), key -> loader.load(recognizerConfig()));
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
   * RmsEnergyModel}).
   */
  public SharedModels.Lease<VadModel> acquireSileroVad() {
    sizeOrtThreadPool();
    Path file = Path.of(sileroVadModel);
    return SharedModels.acquire("silero-vad:" + file, key -> SileroVadModel.load(file));
  }

  /**
   * The shared diarization model (loaded once per task manager with the low-latency streaming
   * setting, 1.04 s), or the reason it is unavailable: none configured, file missing, wrong
   * signature.
   */
  public SharedModels.Lease<DiarizationAvailability> acquireDiarization() {
    sizeOrtThreadPool();
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

  // whichever model loads first creates the JVM's one environment, so each asks first
  private void sizeOrtThreadPool() {
    OnnxRuntimeEnvironment.requestGlobalThreads(ortThreads);
  }

  private record RecognizerKey(String loader, RecognizerConfig config) {}

  private ModelSpec copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy, so each with-method names only what it changes. */
  private static final class Copy {
    String modelDir;
    String device;
    String precision;
    int intraOpThreads;
    String sileroVadModel;
    Loader loader;
    String sortformerModel;
    int ortThreads;
    String streamingModel;
    StreamingLoader streamingLoader;

    Copy(ModelSpec m) {
      modelDir = m.modelDir;
      device = m.device;
      precision = m.precision;
      intraOpThreads = m.intraOpThreads;
      sileroVadModel = m.sileroVadModel;
      loader = m.loader;
      sortformerModel = m.sortformerModel;
      ortThreads = m.ortThreads;
      streamingModel = m.streamingModel;
      streamingLoader = m.streamingLoader;
    }

    ModelSpec build() {
      return new ModelSpec(
          modelDir,
          device,
          precision,
          intraOpThreads,
          sileroVadModel,
          loader,
          sortformerModel,
          ortThreads,
          streamingModel,
          streamingLoader);
    }
  }
}
