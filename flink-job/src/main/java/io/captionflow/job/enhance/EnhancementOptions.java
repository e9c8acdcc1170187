package io.captionflow.job.enhance;

import io.captionflow.job.JobConfig;
import io.captionflow.job.ModelOptions;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code enhance}, {@code enhancer} and the enhancement job's own entry share: Kafka and
 * topics, the models, and the retries (where the jobs run is the caller's: {@link
 * EnhancementTarget}).
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

  /** The environment's config with these flags applied. */
  public JobConfig config() {
    JobConfig env = JobConfig.fromEnvironment(System.getenv());
    return models
        .apply(env)
        .withKafka(
            bootstrap != null ? bootstrap : env.bootstrapServers(),
            topicPrefix.isEmpty() ? env.topics() : env.topics().withPrefix(topicPrefix),
            "captionflow-enhance")
        .withReorderWindow(reorderWindow);
  }

  public RetryPolicy retry() {
    Duration max = Duration.ofMinutes(2);
    return new RetryPolicy(attempts, backoff, backoff.compareTo(max) > 0 ? backoff : max);
  }

  public Duration readTimeout() {
    return readTimeout;
  }
}
