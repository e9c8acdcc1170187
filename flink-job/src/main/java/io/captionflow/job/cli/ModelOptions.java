package io.captionflow.job.cli;

import io.captionflow.job.JobConfig;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LatencyMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Model and mode flags shared by the job, stream-transcribe and bench commands (defaults from the
 * environment).
 */
public final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Parakeet model directory (default: $PARAKEET_MODEL_DIR or ~/.cache/captionflow/models/parakeet-tdt-0.6b-v3)")
  Path model;

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
          "default latency mode: speedy, pause-based, low-latency, ultra-low-latency, extreme-low-latency, lookahead, chunked (default: speedy)")
  String mode;

  /** The environment's config with these flags applied. */
  JobConfig apply(JobConfig config) {
    ModelSpec m = config.models();
    ModelSpec models =
        new ModelSpec(
            model != null ? model.toString() : m.modelDir(),
            device != null ? device : m.device(),
            precision != null ? precision : m.precision(),
            m.intraOpThreads(),
            sileroVad != null ? sileroVad.toString() : m.sileroVadModel(),
            m.loader(),
            sortformerModel != null ? sortformerModel.toString() : m.sortformerModel(),
            ortThreads != null ? ortThreads : m.ortThreads());
    JobConfig out = config.withModels(models);
    return mode == null ? out : out.withDefaultMode(LatencyMode.fromId(mode));
  }

  /**
   * Avro refuses to deserialize our records outside trusted packages (STACK-NOTES 9); set it for
   * this JVM.
   */
  static void trustAvroPackages() {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.captionflow.schema");
    }
  }
}
