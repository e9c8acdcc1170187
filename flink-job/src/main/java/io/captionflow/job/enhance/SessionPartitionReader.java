package io.captionflow.job.enhance;

import io.captionflow.schema.KafkaClientEnvironment;
import io.captionflow.schema.SessionPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one session's records of a topic, bounded: the partition its id hashes to (every producer
 * of our topics keys records by session id with Kafka's default partitioner), from the beginning up
 * to the end offset found at the start, handing on only the records keyed by that id.
 */
final class SessionPartitionReader {

  /** One record of the session. */
  record Keyed(int partition, long offset, long timestamp, byte[] value) {}

  interface Handler {
    void accept(Keyed record);
  }

  private final String bootstrapServers;
  private final Duration timeout;

  SessionPartitionReader(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  void read(String topic, String sessionId, Handler each) {
    byte[] key = sessionId.getBytes(StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition tp =
          new TopicPartition(topic, SessionPartition.of(sessionId, partitions(consumer, topic)));
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (consumer.position(tp, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " took longer than " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end && Arrays.equals(key, r.key())) {
            each.accept(new Keyed(r.partition(), r.offset(), r.timestamp(), r.value()));
          }
        }
      }
    }
  }

  /** The record at {@code offset} of {@code topic}'s {@code partition}. */
  Keyed recordAt(String topic, int partition, long offset) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition tp = new TopicPartition(topic, partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= offset) {
            return new Keyed(r.partition(), r.offset(), r.timestamp(), r.value());
          }
        }
      }
      throw new IllegalStateException(
          "no record at offset " + offset + " of " + topic + "-" + partition + " (retention?)");
    }
  }

  private int partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers);
    }
    return infos.size();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.putAll(clientProperties(bootstrapServers));
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Bootstrap servers and how to authenticate ({@code CAPTIONFLOW_KAFKA_CLIENT_*}). */
  static Map<String, Object> clientProperties(String bootstrapServers) {
    Map<String, Object> p = new HashMap<>(KafkaClientEnvironment.properties(System.getenv()));
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }
}
