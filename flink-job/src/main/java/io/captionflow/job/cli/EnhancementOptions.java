package io.captionflow.job.cli;

import io.captionflow.job.JobConfig;
import io.captionflow.job.enhance.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code enhance} and {@code enhancer} share: Kafka and topics, the models, where the
 * enhancement jobs run (a local MiniCluster, or a Flink cluster of their own), and the retries.
 */
public final class EnhancementOptions {

  @Mixin ModelOptions models = new ModelOptions();

  @Option(
      names = "--bootstrap",
      description =
          "Kafka bootstrap servers (default: $CAPTIONFLOW_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
  String bootstrap;

  @Option(
      names = "--topic-prefix",
      defaultValue = "",
      description = "prefix for every topic name, as given to the live job")
  String topicPrefix;

  @Option(
      names = "--reorder-window",
      defaultValue = "" + JobConfig.DEFAULT_REORDER_WINDOW,
      description =
          "the live job's reorder bound in chunks: chunks are ordered and gaps filled as it did"
              + " (default: ${DEFAULT-VALUE})")
  int reorderWindow;

  @Option(
      names = "--flink",
      paramLabel = "HOST:PORT",
      description =
          "run the enhancement jobs on this Flink cluster's REST endpoint (a cluster of their own,"
              + " not the live job's) instead of a local MiniCluster")
  String flink;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "job jar to ship with --flink (default: flink-job/target/flink-job-*-job.jar)")
  Path jobJar;

  @Option(
      names = "--attempts",
      defaultValue = "3",
      description = "tries per run before giving up (default: ${DEFAULT-VALUE})")
  int attempts;

  @Option(
      names = "--backoff",
      defaultValue = "PT5S",
      description =
          "wait before the second try, doubled before each next one, at most 2 minutes"
              + " (default: ${DEFAULT-VALUE})")
  Duration backoff;

  @Option(
      names = "--read-timeout",
      defaultValue = "PT2M",
      description = "give up reading a topic after this long (default: ${DEFAULT-VALUE})")
  Duration readTimeout;

  /** Under {@code flink run}: the jobs go to the environment the Flink client provides. */
  boolean inCluster;

  JobConfig config() {
    JobConfig env = JobConfig.fromEnvironment(System.getenv());
    return models
        .apply(env)
        .withKafka(
            bootstrap != null ? bootstrap : env.bootstrapServers(),
            topicPrefix.isEmpty() ? env.topics() : env.topics().withPrefix(topicPrefix),
            "captionflow-enhance")
        .withReorderWindow(reorderWindow);
  }

  RetryPolicy retry() {
    Duration max = Duration.ofMinutes(2);
    return new RetryPolicy(attempts, backoff, backoff.compareTo(max) > 0 ? backoff : max);
  }

  /** A fresh environment per job: a local MiniCluster, or the cluster named by --flink. */
  Supplier<StreamExecutionEnvironment> environments() {
    if (inCluster) {
      return StreamExecutionEnvironment::getExecutionEnvironment;
    }
    if (flink == null) {
      return () -> {
        Configuration conf = new Configuration();
        conf.setString(
            "env.java.opts.all", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.captionflow.schema");
        return StreamExecutionEnvironment.createLocalEnvironment(conf);
      };
    }
    String[] hostPort = flink.split(":");
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("--flink must be HOST:PORT, got '" + flink + "'");
    }
    String jar = (jobJar != null ? jobJar : JobCommand.findJobJar()).toString();
    return () ->
        StreamExecutionEnvironment.createRemoteEnvironment(
            hostPort[0], Integer.parseInt(hostPort[1]), jar);
  }

  String where() {
    if (inCluster) {
      return "the Flink cluster flink run submits to";
    }
    return flink == null ? "a local MiniCluster" : "the Flink cluster at " + flink;
  }
}
