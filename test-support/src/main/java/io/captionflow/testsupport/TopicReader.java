package io.captionflow.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every partition of a topic from its beginning, without a consumer group, in a test. */
public final class TopicReader {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TO_END_TIMEOUT = Duration.ofSeconds(30);

  private TopicReader() {}

  /** Reads until {@code done} holds on what was read; fails after {@code timeout}. */
  public static <T> List<T> readUntil(
      String bootstrap,
      String topic,
      Deserializer<T> values,
      IsolationLevel isolation,
      Predicate<List<T>> done,
      Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      seekToBeginning(consumer, topic);
      List<T> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "timed out reading " + topic + " after " + out.size() + " records");
        }
        for (ConsumerRecord<String, T> r : consumer.poll(POLL)) {
          out.add(r.value());
        }
      }
      return out;
    }
  }

  /** All records currently in the topic: reads up to the end offsets taken at the start. */
  public static <T> List<T> readToEnd(String bootstrap, String topic, Deserializer<T> values) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = seekToBeginning(consumer, topic);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<T> out = new ArrayList<>();
      long deadline = System.nanoTime() + TO_END_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out reading " + topic);
        }
        for (ConsumerRecord<String, T> r : consumer.poll(POLL)) {
          out.add(r.value());
        }
      }
      return out;
    }
  }

  private static List<TopicPartition> seekToBeginning(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }
}
