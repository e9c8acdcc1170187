package io.captionflow.job;

import io.captionflow.asr.cacheaware.CacheAwareModel;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LatencyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Model and mode flags shared by the job, its entries and the stream-transcribe and bench commands
 * (defaults from the environment).
 */
public final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Parakeet model directory (default: $PARAKEET_MODEL_DIR or ~/.cache/captionflow/models/parakeet-tdt-0.6b-v3)")
  Path model;

  @Option(
      names = "--streaming-model",
      paramLabel = "DIR",
      description =
          "cache-aware streaming transducer directory (encoder/decoder/joiner + tokens.txt, e.g."
              + " 'captionflow download-model --name nemotron-speech-streaming-en-0.6b-560ms-int8')"
              + " serving latency mode 'streaming'; --model may name one too (default:"
              + " $CAPTIONFLOW_STREAMING_MODEL_DIR)")
  Path streamingModel;

  @Option(
      names = "--silero-vad",
      paramLabel = "FILE",
      description = "Silero VAD v5 ONNX file (default: $SILERO_VAD_MODEL; none: RMS energy VAD)")
  Path sileroVad;

  @Option(
      names = "--sortformer-model",
      paramLabel = "FILE",
      description =
          "streaming Sortformer ONNX file for sessions that ask for speaker diarization (default: $SORTFORMER_MODEL_PATH; none: such sessions are refused)")
  Path sortformerModel;

  @Option(
      names = "--device",
      description =
          "cpu, cuda or cuda:N; a task manager with Flink's gpu resource uses the GPU it was given"
              + " (default: $CAPTIONFLOW_DEVICE or cpu)")
  String device;

  @Option(
      names = "--precision",
      description =
          "model files: fp32, fp16 (encoder-model.fp16.onnx, converted yourself) or int8"
              + " (default: $CAPTIONFLOW_PRECISION or fp32)")
  String precision;

  @Option(
      names = "--ort-threads",
      paramLabel = "N",
      description =
          "ONNX Runtime's global thread pool per task manager, shared by every slot's model"
              + " calls; 0 = ONNX Runtime's default, a pool per model (default:"
              + " $CAPTIONFLOW_ORT_THREADS or 0)")
  Integer ortThreads;

  @Option(
      names = "--mode",
      description =
          "default latency mode: speedy, pause-based, low-latency, ultra-low-latency,"
              + " extreme-low-latency, lookahead, chunked (offline TDT model), streaming"
              + " (cache-aware model) (default: speedy, or streaming with only a cache-aware model)")
  String mode;

  /** Whether {@code --mode} was given (rather than left to the environment and models). */
  public boolean modeGiven() {
    return mode != null;
  }

  /** The environment's config with these flags applied. */
  public JobConfig apply(JobConfig config) {
    ModelSpec m = config.models();
    String offline = model != null ? model.toString() : m.modelDir();
    String streaming = streamingModel != null ? streamingModel.toString() : m.streamingModel();
    if (offline != null && CacheAwareModel.looksLike(Path.of(offline))) {
      // --model recognises a cache-aware export by its files
      streaming = streaming == null ? offline : streaming;
      offline = null;
    } else if (model == null && streaming != null && offline != null) {
      // only a streaming model was named: the default offline directory counts only if present
      offline = Files.isDirectory(Path.of(offline)) ? offline : null;
    }
    ModelSpec models =
        new ModelSpec(
            offline,
            device != null ? device : m.device(),
            precision != null ? precision : m.precision(),
            m.intraOpThreads(),
            sileroVad != null ? sileroVad.toString() : m.sileroVadModel(),
            m.loader(),
            sortformerModel != null ? sortformerModel.toString() : m.sortformerModel(),
            ortThreads != null ? ortThreads : m.ortThreads(),
            streaming,
            m.streamingLoader());
    JobConfig out = config.withModels(models);
    if (mode != null) {
      return out.withDefaultMode(LatencyMode.fromId(mode));
    }
    // a job serving only the streaming mode defaults to it
    return models.hasOfflineModel() ? out : out.withDefaultMode(LatencyMode.STREAMING);
  }

  /**
   * Avro refuses to deserialize our records outside trusted packages (STACK-NOTES 9); set it for
   * this JVM.
   */
  public static void trustAvroPackages() {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.captionflow.schema");
    }
  }
}
