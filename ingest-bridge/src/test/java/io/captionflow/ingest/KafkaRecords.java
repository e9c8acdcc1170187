package io.captionflow.ingest;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning in a test until a condition holds on what was read (or a
 * timeout).
 */
public final class KafkaRecords {

  private KafkaRecords() {}

  public static <T extends SpecificRecordBase> List<T> read(
      String bootstrap,
      String topic,
      AvroCodec<T> codec,
      Predicate<List<T>> done,
      Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<T> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "timed out reading " + topic + " after " + out.size() + " records");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(codec.decode(r.value()));
        }
      }
      return out;
    }
  }

  /** All records currently in the topic (reads up to the end offsets taken at the start). */
  public static <T extends SpecificRecordBase> List<T> readAll(
      String bootstrap, String topic, AvroCodec<T> codec) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<T> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out reading " + topic);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(codec.decode(r.value()));
        }
      }
      return out;
    }
  }

  /** One session's audio chunks, read until its end-of-stream chunk is there. */
  public static List<AudioChunk> chunksOf(String bootstrap, String topic, String session) {
    return read(
            bootstrap,
            topic,
            AvroCodec.audioChunk(),
            list ->
                list.stream().anyMatch(c -> c.getSessionId().equals(session) && c.getEndOfStream()),
            Duration.ofSeconds(30))
        .stream()
        .filter(c -> c.getSessionId().equals(session))
        .toList();
  }

  /** One session's first {@code count} (or more) session events. */
  public static List<SessionEvent> eventsOf(
      String bootstrap, String topic, String session, int count) {
    return read(
            bootstrap,
            topic,
            AvroCodec.sessionEvent(),
            list -> list.stream().filter(e -> e.getSessionId().equals(session)).count() >= count,
            Duration.ofSeconds(30))
        .stream()
        .filter(e -> e.getSessionId().equals(session))
        .toList();
  }
}
