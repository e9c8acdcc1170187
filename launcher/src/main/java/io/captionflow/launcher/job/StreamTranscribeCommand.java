package io.captionflow.launcher.job;

import io.captionflow.diarization.model.DiarizationAvailability;
import io.captionflow.job.CaptionFlowJob;
import io.captionflow.job.JobConfig;
import io.captionflow.job.ModelOptions;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.SharedModels;
import io.captionflow.job.source.FileReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code captionflow transcribe --stream FILE}: the streaming job's own pipeline on a local Flink
 * environment, fed by a bounded file source, printing segments as they are confirmed.
 */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    description =
        "Stream a WAV file through the captionflow Flink pipeline and print segments as they are confirmed.")
public final class StreamTranscribeCommand implements Callable<Integer> {

  @Option(
      names = "--stream",
      description = "streaming transcription (this command); kept for the CLI's routing")
  boolean stream;

  @Mixin ModelOptions models = new ModelOptions();

  @Option(
      names = "--real-time",
      description = "feed the file at its real pace instead of as fast as possible")
  boolean realTime;

  @Option(names = "--partials", description = "also print partial hypotheses (prefixed with ~)")
  boolean partials;

  @Option(
      names = "--json",
      description =
          "one JSON object per line per segment (start, end, text, words with their times) and"
              + " nothing else on standard output; session status goes to standard error")
  boolean json;

  @Option(
      names = "--session-id",
      defaultValue = "file",
      description = "session id of the file (default: ${DEFAULT-VALUE})")
  String sessionId;

  @Option(
      names = "--diarization",
      description =
          "speaker diarization for the file's session (needs --sortformer-model or $SORTFORMER_MODEL_PATH); segment lines show S1, S2, …")
  boolean diarization;

  @Option(
      names = "--speakers",
      paramLabel = "N",
      defaultValue = "4",
      description = "with --diarization: at most N speakers, 1–4 (default: ${DEFAULT-VALUE})")
  int speakers;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "WAV file (any rate; resampled to 16 kHz)")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      System.err.println("no such file: " + file);
      return 2;
    }
    if (speakers < 1 || speakers > 4) {
      System.err.println("--speakers must be 1 to 4, got " + speakers);
      return 2;
    }
    ModelOptions.trustAvroPackages();
    JobConfig config =
        models
            .apply(JobConfig.fromEnvironment(System.getenv()))
            .withParallelism(1)
            .withPartials(partials);
    if (!diarization) {
      return transcribe(config, 0);
    }
    // The job would refuse the session at its START; say why up front instead of running a pipeline
    // for nothing.
    // The lease is held while the job runs, so its session operator shares this loaded model (same
    // JVM).
    try (SharedModels.Lease<DiarizationAvailability> model = config.models().acquireDiarization()) {
      Optional<String> refusal = new Diarization(model.model()).refusal(true, speakers);
      if (refusal.isPresent()) {
        System.err.println("session " + sessionId + " REFUSED: " + refusal.get());
        return 1;
      }
      return transcribe(config, speakers);
    }
  }

  private int transcribe(JobConfig config, int maxSpeakers) throws Exception {
    String mode = models.modeGiven() ? config.defaultMode().id() : null;
    CaptionFlowJob job =
        new CaptionFlowJob(
            config,
            FileReplay.source(file, sessionId, mode, maxSpeakers, config.topics(), realTime),
            new PrintSegments(partials, json),
            new LogDeadLetters());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    job.buildPipeline(env);
    env.execute("captionflow transcribe --stream " + file.getFileName());
    return 0;
  }
}
