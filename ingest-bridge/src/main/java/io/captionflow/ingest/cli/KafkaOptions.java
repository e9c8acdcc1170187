package io.captionflow.ingest.cli;

import io.captionflow.ingest.BridgeConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Kafka and buffering flags shared by every bridge command; topics come from CAPTIONFLOW_TOPIC_*
 * variables.
 */
public class KafkaOptions {

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers (default: $CAPTIONFLOW_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
  String bootstrap;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix for every topic name (keeps demos and tests apart), e.g. demo1.")
  String topicPrefix;

  @Option(
      names = "--chunk-ms",
      paramLabel = "MS",
      defaultValue = "100",
      description = "Duration of one published audio chunk (default: ${DEFAULT-VALUE} ms)")
  int chunkMillis;

  @Option(
      names = "--buffer-chunks",
      paramLabel = "N",
      defaultValue = "600",
      description =
          "Most chunks awaiting the broker's acknowledgement before the source is held back (default: ${DEFAULT-VALUE})")
  int bufferChunks;

  @Option(
      names = "--max-block",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "Fail when the buffer stays full this long, e.g. the broker is down (default: ${DEFAULT-VALUE} s)")
  double maxBlockSeconds;

  public BridgeConfig toConfig() {
    BridgeConfig env = BridgeConfig.fromEnvironment(System.getenv());
    BridgeConfig config = bootstrap != null ? env.withBootstrapServers(bootstrap) : env;
    if (topicPrefix != null) {
      config = config.withTopics(config.topics().withPrefix(topicPrefix));
    }
    return config
        .withChunkMillis(chunkMillis)
        .withBuffer(bufferChunks, Duration.ofMillis((long) (maxBlockSeconds * 1000)));
  }
}
