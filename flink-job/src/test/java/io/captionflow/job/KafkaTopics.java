package io.captionflow.job;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test-side Kafka clients: raw producer, and readers that see the topics as a subscriber does. */
final class KafkaTopics {

  private KafkaTopics() {}

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static <T> List<T> readAll(
      String bootstrap,
      String topic,
      Deserializer<T> values,
      Predicate<List<T>> done,
      Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), values)) {
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
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
      return out;
    }
  }

  static List<TranscriptEvent> transcriptsUntilEnded(String bootstrap, String topic, int sessions) {
    return readAll(
        bootstrap,
        topic,
        new AvroSerde<>(AvroCodec.transcriptEvent()).deserializer(),
        events -> endedSessions(events) >= sessions,
        Duration.ofSeconds(120));
  }

  static long endedSessions(List<TranscriptEvent> events) {
    return events.stream()
        .filter(
            e ->
                e.getEvent() instanceof SessionStatus s
                    && s.getState() != io.captionflow.schema.SessionState.STARTED)
        .map(TranscriptEvent::getSessionId)
        .distinct()
        .count(); // re-deliveries repeat a session's ENDED
  }

  static List<DeadLetter> deadLetters(String bootstrap, String topic, int atLeast) {
    return readAll(
        bootstrap,
        topic,
        new AvroSerde<>(AvroCodec.deadLetter()).deserializer(),
        letters -> letters.size() >= atLeast,
        Duration.ofSeconds(60));
  }

  /**
   * What a subscriber keeps, per session (order across sessions is not defined): subtitle segments
   * in arrival order, re-deliveries dropped by id, emit time ignored.
   */
  static Map<String, List<SubtitleSegment>> deduplicatedSegments(List<TranscriptEvent> events) {
    Map<String, SubtitleSegment> byId = new LinkedHashMap<>();
    for (TranscriptEvent e : events) {
      if (e.getEvent() instanceof SubtitleSegment s) {
        byId.putIfAbsent(
            s.getSegmentId(), SubtitleSegment.newBuilder(s).setEmitTimeMillis(0).build());
      }
    }
    Map<String, List<SubtitleSegment>> bySession = new TreeMap<>();
    for (SubtitleSegment s : byId.values()) {
      bySession.computeIfAbsent(s.getSessionId(), k -> new ArrayList<>()).add(s);
    }
    return bySession;
  }
}
