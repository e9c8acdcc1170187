package io.captionflow.job.cli;

import io.captionflow.job.CaptionFlowJob;
import io.captionflow.job.JobConfig;
import io.captionflow.job.session.LagBudget;
import io.captionflow.job.session.SessionOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code captionflow job}: runs the Kafka-to-Kafka transcription job on a local Flink cluster with
 * the web dashboard (port 8081, loopback unless {@code --dashboard-bind}), or submits it to a Flink
 * cluster's REST endpoint with the job jar.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description =
        "Run the captionflow Flink job: locally with the Flink dashboard, or on a Flink cluster (--flink).")
public final class JobCommand implements Callable<Integer> {

  @Mixin ModelOptions models = new ModelOptions();

  @Option(
      names = "--bootstrap",
      description =
          "Kafka bootstrap servers (default: $CAPTIONFLOW_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
  String bootstrap;

  @Option(
      names = "--topic-prefix",
      defaultValue = "",
      description = "prefix for every topic name, so demos and tests do not collide")
  String topicPrefix;

  @Option(
      names = "--group-id",
      defaultValue = "captionflow-job",
      description = "Kafka consumer group (default: ${DEFAULT-VALUE})")
  String groupId;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "PT2S",
      description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
  Duration checkpointInterval;

  @Option(names = "--parallelism", defaultValue = "1")
  int parallelism;

  @Option(
      names = "--idle-expiry",
      defaultValue = "PT5M",
      description =
          "flush and close a session without input this long, in event time: only once the job"
              + " has caught up with its input (default: ${DEFAULT-VALUE})")
  Duration idleExpiry;

  @Option(
      names = "--end-grace",
      defaultValue = "PT5S",
      description =
          "an END ends its session once the chunk it names is processed; if that audio does not"
              + " all arrive (or the END names no chunk), end this long after the session's last"
              + " input, once caught up (default: ${DEFAULT-VALUE})")
  Duration endGrace;

  @Option(
      names = "--caught-up-after",
      defaultValue = "PT30S",
      description =
          "a Kafka partition silent this long (not counting backpressure) counts as caught up;"
              + " only then do --idle-expiry and --end-grace run out (default: ${DEFAULT-VALUE})")
  Duration caughtUpAfter;

  @Option(
      names = "--reorder-window",
      defaultValue = "" + JobConfig.DEFAULT_REORDER_WINDOW,
      description =
          "reorder bound in chunks: within it late, reordered and duplicated chunks lose nothing;"
              + " beyond it the missing chunk becomes silence and arrives as a dead letter"
              + " (default: ${DEFAULT-VALUE})")
  int reorderWindow;

  @Option(names = "--no-partials", description = "emit only final segments")
  boolean noPartials;

  @Option(
      names = "--bundle-size",
      defaultValue = "1000",
      description =
          "inputs the session operator bundles before decoding the sessions' due windows together"
              + " (default: ${DEFAULT-VALUE})")
  int bundleSize;

  @Option(
      names = "--bundle-wait",
      defaultValue = "PT0.02S",
      description =
          "longest an input waits for its bundle; adds at most this to a word's way out"
              + " (default: ${DEFAULT-VALUE})")
  Duration bundleWait;

  @Option(
      names = "--max-sessions",
      defaultValue = "0",
      description =
          "sessions one job subtask transcribes at once; a session starting beyond it is REFUSED"
              + " with the reason (0: no limit; default: ${DEFAULT-VALUE})")
  int maxSessions;

  @Option(
      names = "--lag-warn",
      defaultValue = "PT3S",
      description =
          "a session this far behind capture (audio capture time -> the job) gets a status saying"
              + " so; PT0S: never (default: ${DEFAULT-VALUE})")
  Duration lagWarn;

  @Option(
      names = "--lag-budget",
      defaultValue = "PT10S",
      description =
          "a session further behind capture is degraded: window modes fall back to chunked, and"
              + " a session already at the cheapest mode that does not catch up skips audio that"
              + " late; each step is a status. PT0S: never (default: ${DEFAULT-VALUE})")
  Duration lagBudget;

  @Option(
      names = "--decode-batch",
      defaultValue = "32",
      description = "most decodes in one model call (default: ${DEFAULT-VALUE})")
  int decodeBatch;

  @Option(
      names = "--flink",
      paramLabel = "HOST:PORT",
      description = "submit to this Flink cluster's REST endpoint instead of running locally")
  String flink;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "job jar to ship with --flink (default: flink-job/target/flink-job-*-job.jar)")
  Path jobJar;

  @Option(
      names = {"--web-port", "--dashboard-port"},
      defaultValue = "8081",
      description = "Flink dashboard port of the local cluster (default: ${DEFAULT-VALUE})")
  int webPort;

  @Option(
      names = {"--dashboard-bind", "--web-bind"},
      paramLabel = "ADDRESS",
      defaultValue = LocalDashboard.LOOPBACK,
      description =
          "interface the local cluster's dashboard and REST API listen on; 0.0.0.0 for all"
              + " (default: ${DEFAULT-VALUE}: this machine only)")
  String dashboardBind;

  private boolean inCluster;

  /**
   * For {@code flink run}: use the environment the Flink client provides and block until the job
   * ends.
   */
  public static JobCommand inClusterEnvironment() {
    JobCommand command = new JobCommand();
    command.inCluster = true;
    return command;
  }

  JobConfig config() {
    JobConfig env = JobConfig.fromEnvironment(System.getenv());
    JobConfig c =
        models
            .apply(env)
            .withKafka(
                bootstrap != null ? bootstrap : env.bootstrapServers(),
                topicPrefix.isEmpty() ? env.topics() : env.topics().withPrefix(topicPrefix),
                groupId)
            .withCheckpointInterval(checkpointInterval)
            .withParallelism(parallelism)
            .withExpiry(idleExpiry, endGrace)
            .withCaughtUpAfter(caughtUpAfter)
            .withReorderWindow(reorderWindow)
            .withPartials(!noPartials)
            .withBundle(new SessionOperator.Bundle(bundleSize, bundleWait, decodeBatch))
            .withMaxSessions(maxSessions)
            .withLagBudget(new LagBudget(lagWarn, lagBudget));
    return c;
  }

  @Override
  public Integer call() throws Exception {
    ModelOptions.trustAvroPackages();
    JobConfig config = config();
    CaptionFlowJob job = CaptionFlowJob.overKafka(config);
    if (inCluster) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      job.buildPipeline(env);
      env.execute(CaptionFlowJob.JOB_NAME);
      return 0;
    }
    if (flink != null) {
      String[] hostPort = flink.split(":");
      if (hostPort.length != 2) {
        throw new IllegalArgumentException("--flink must be HOST:PORT, got '" + flink + "'");
      }
      Path jar = jobJar != null ? jobJar : findJobJar();
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createRemoteEnvironment(
              hostPort[0], Integer.parseInt(hostPort[1]), jar.toString());
      JobClient client = job.start(env);
      System.out.println("submitted job " + client.getJobID() + " to http://" + flink);
      return 0;
    }
    LocalDashboard dashboard = new LocalDashboard(dashboardBind, webPort);
    Configuration conf = dashboard.applyTo(new Configuration());
    conf.setString(
        "env.java.opts.all", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.captionflow.schema");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    JobClient client = job.start(env);
    System.out.println(
        "job "
            + client.getJobID()
            + " running; Flink dashboard: "
            + dashboard.describe()
            + "\n  (reading "
            + config.topics().audio()
            + " + "
            + config.topics().sessionEvents()
            + " from "
            + config.bootstrapServers()
            + ", writing "
            + config.topics().segments()
            + ")");
    client.getJobExecutionResult().get();
    return 0;
  }

  static Path findJobJar() {
    Path target = Path.of("flink-job", "target");
    if (Files.isDirectory(target)) {
      try (var files = Files.list(target)) {
        var jar = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst();
        if (jar.isPresent()) {
          return jar.get();
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot list " + target, e);
      }
    }
    throw new IllegalArgumentException(
        "no job jar in flink-job/target: build it with 'mvn -pl flink-job package'"
            + " or pass --job-jar");
  }
}
