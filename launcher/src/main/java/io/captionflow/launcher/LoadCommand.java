package io.captionflow.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.launcher.load.LoadRun;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow load}: N synthetic sessions in real time through Kafka, the real job and
 * Kafka; progress on stderr, one JSON object on stdout.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Streams N synthetic sessions in real time through Kafka, the real Flink job (RocksDB state) and"
          + " Kafka, and prints one JSON object on stdout: whether every session kept up, chunks per"
          + " second, pipeline tax percentiles, decode batch sizes and waits, state bytes written per"
          + " audio second. Progress goes to stderr. See README, section Load."
    })
public final class LoadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--recognizer",
      defaultValue = "null",
      description =
          "null (no model: marker words, the pipeline's own ceiling), fixture (the tone-language"
              + " fixture model) or synthetic (Parakeet-sized random weights; marker words out)"
              + " (default ${DEFAULT-VALUE})")
  String recognizer;

  @Option(
      names = "--sessions",
      defaultValue = "10",
      description = "concurrent sessions (default ${DEFAULT-VALUE})")
  int sessions;

  @Option(
      names = "--seconds",
      defaultValue = "20",
      description = "audio seconds per session, streamed in real time (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--mode",
      description = "the sessions' latency mode (default: the job's default mode)")
  String mode;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "use this Kafka cluster (default: an in-process broker); topics of its own")
  String kafka;

  @Option(
      names = "--flink",
      paramLabel = "HOST:PORT",
      description =
          "submit the job to this Flink cluster's REST endpoint (default: a local MiniCluster with"
              + " RocksDB state); its task managers must see --model-dir at the same path")
  String flink;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "job jar shipped with --flink (default: flink-job/target/flink-job-*-job.jar)")
  Path jobJar;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description =
          "where the fixture or synthetic model is written (default: a temporary directory); an"
              + " existing synthetic model there is reused")
  Path modelDir;

  @Option(
      names = "--layers",
      defaultValue = "2",
      description = "conformer layers of the synthetic model (default ${DEFAULT-VALUE})")
  int layers;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "job parallelism (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "PT10S",
      description = "the job's checkpoint interval, as in production (default ${DEFAULT-VALUE})")
  Duration checkpointInterval;

  @Option(
      names = "--feed-slack",
      defaultValue = "PT0.5S",
      description =
          "a chunk sent later than this after its capture means the feed fell behind, not just"
              + " hiccuped (default ${DEFAULT-VALUE})")
  Duration feedSlack;

  @Option(
      names = "--end-within",
      defaultValue = "PT1S",
      description =
          "a session kept up when its end reached the output topic within this of its last"
              + " chunk's capture (default ${DEFAULT-VALUE})")
  Duration endWithin;

  @Option(
      names = "--drain",
      defaultValue = "PT60S",
      description =
          "after the last chunk, wait at most this long for every session's end (default"
              + " ${DEFAULT-VALUE})")
  Duration drain;

  @Option(
      names = "--progress",
      defaultValue = "PT5S",
      description = "a progress line on stderr this often (default ${DEFAULT-VALUE})")
  Duration progress;

  @Option(
      names = "--start-timeout",
      defaultValue = "PT2M",
      description =
          "give up when the job has not transcribed the warm-up session by then (default"
              + " ${DEFAULT-VALUE})")
  Duration startTimeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadRun.Settings settings;
    try {
      LatencyMode loadMode = mode == null ? null : LatencyMode.fromId(mode);
      if (loadMode != null && loadMode.streaming()) {
        throw new IllegalArgumentException(
            "--mode streaming needs a cache-aware model, and load's recognizers (null, fixture,"
                + " synthetic) are offline ones: use stream-bench --streaming-model for the"
                + " streaming mode");
      }
      settings =
          new LoadRun.Settings(
              kafka,
              flink,
              jobJar != null ? jobJar : JobJar.find(),
              LoadRun.Recognizer.parse(recognizer),
              modelDir,
              layers,
              sessions,
              seconds,
              loadMode,
              parallelism,
              checkpointInterval,
              feedSlack,
              endWithin,
              drain,
              progress,
              startTimeout);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // stdout carries the JSON object and nothing else: whatever a library prints goes to stderr
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      var report = new LoadRun(settings, err).run();
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
      out.flush();
      return 0;
    } finally {
      System.setOut(stdout);
    }
  }
}
