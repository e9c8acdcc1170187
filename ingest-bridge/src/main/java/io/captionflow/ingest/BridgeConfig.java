package io.captionflow.ingest;

import io.captionflow.schema.KafkaClientEnvironment;
import io.captionflow.schema.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * Settings shared by every ingest source.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics topic names (audio chunks, session events)
 * @param chunkMillis duration of one published audio chunk
 * @param bufferChunks most chunks waiting for the broker's acknowledgement before sources are held
 *     back
 * @param maxBlock how long a source may be held back by a full buffer before it fails
 * @param deliveryTimeout how long the producer keeps retrying one chunk while the broker is
 *     unreachable
 * @param kafkaClient extra Kafka client settings (authentication), see {@link
 *     KafkaClientEnvironment}; the bridge's own settings win
 */
public record BridgeConfig(
    String bootstrapServers,
    Topics topics,
    int chunkMillis,
    int bufferChunks,
    Duration maxBlock,
    Duration deliveryTimeout,
    Map<String, String> kafkaClient) {

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final int DEFAULT_CHUNK_MILLIS = 100;

  /** 60 s of audio at the default chunk length. */
  public static final int DEFAULT_BUFFER_CHUNKS = 600;

  public BridgeConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must not be empty");
    }
    if (chunkMillis < 10 || chunkMillis > 10_000) {
      throw new IllegalArgumentException("chunk duration must be 10..10000 ms, got " + chunkMillis);
    }
    if (bufferChunks < 1) {
      throw new IllegalArgumentException(
          "buffer must hold at least one chunk, got " + bufferChunks);
    }
    if (maxBlock.isNegative() || deliveryTimeout.toMillis() < 1000) {
      throw new IllegalArgumentException("max block must be >= 0 and delivery timeout >= 1 s");
    }
    kafkaClient = kafkaClient == null ? Map.of() : Map.copyOf(kafkaClient);
  }

  /**
   * Defaults, with {@code CAPTIONFLOW_KAFKA_BOOTSTRAP}, {@code CAPTIONFLOW_TOPIC_*} and {@code
   * CAPTIONFLOW_KAFKA_CLIENT_*} from {@code env}.
   */
  public static BridgeConfig fromEnvironment(Map<String, String> env) {
    return new BridgeConfig(
        env.getOrDefault("CAPTIONFLOW_KAFKA_BOOTSTRAP", DEFAULT_BOOTSTRAP),
        Topics.fromEnvironment(env),
        DEFAULT_CHUNK_MILLIS,
        DEFAULT_BUFFER_CHUNKS,
        Duration.ofMinutes(2),
        Duration.ofMinutes(10),
        KafkaClientEnvironment.properties(env));
  }

  public BridgeConfig withBootstrapServers(String servers) {
    return new BridgeConfig(
        servers, topics, chunkMillis, bufferChunks, maxBlock, deliveryTimeout, kafkaClient);
  }

  public BridgeConfig withTopics(Topics newTopics) {
    return new BridgeConfig(
        bootstrapServers,
        newTopics,
        chunkMillis,
        bufferChunks,
        maxBlock,
        deliveryTimeout,
        kafkaClient);
  }

  public BridgeConfig withChunkMillis(int millis) {
    return new BridgeConfig(
        bootstrapServers, topics, millis, bufferChunks, maxBlock, deliveryTimeout, kafkaClient);
  }

  public BridgeConfig withBuffer(int chunks, Duration block) {
    return new BridgeConfig(
        bootstrapServers, topics, chunkMillis, chunks, block, deliveryTimeout, kafkaClient);
  }

  public BridgeConfig withDeliveryTimeout(Duration timeout) {
    return new BridgeConfig(
        bootstrapServers, topics, chunkMillis, bufferChunks, maxBlock, timeout, kafkaClient);
  }
}
