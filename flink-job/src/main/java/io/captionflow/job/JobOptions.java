package io.captionflow.job;

import io.captionflow.job.session.LagBudget;
import io.captionflow.job.session.SessionOperator;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The live job's flags (Kafka, session ends and ordering, bundling, lag, models) over the
 * environment's defaults: {@code captionflow job} and the job's {@code flink run} entry read the
 * same ones.
 */
public final class JobOptions {

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

  /** The environment's config with these flags applied. */
  public JobConfig config() {
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
}
