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

  @Option(names = "--device", description = "cpu or cuda (default: $CAPTIONFLOW_DEVICE or cpu)")
  String device;

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
            m.precision(),
            m.intraOpThreads(),
            sileroVad != null ? sileroVad.toString() : m.sileroVadModel(),
            m.loader(),
            sortformerModel != null ? sortformerModel.toString() : m.sortformerModel());
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
