package io.captionflow.launcher.load;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.TranscriptEvent;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the run's segments topic from its beginning on a thread of its own and hands each event on
 * with the wall-clock ms it arrived: the moment it was "on the output topic" for the load's
 * latency.
 */
final class SegmentsReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentsReader.class);

  private final String bootstrapServers;
  private final String topic;
  private final ObjLongConsumer<TranscriptEvent> sink;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  SegmentsReader(String bootstrapServers, String topic, ObjLongConsumer<TranscriptEvent> sink) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.sink = sink;
    this.thread = new Thread(this::readLoop, "load-segments-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void readLoop() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "captionflow-load-reader");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    AvroCodec<TranscriptEvent> codec = AvroCodec.transcriptEvent();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!stopped) {
        var records = consumer.poll(Duration.ofMillis(100));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> r : records) {
          sink.accept(codec.decode(r.value()), now);
        }
      }
    } catch (RuntimeException e) {
      if (!stopped) {
        failure = e;
        LOG.error("reading {} failed: {}", topic, e.toString());
      }
    }
  }

  /** Throws when reading failed: the run's numbers would be wrong. */
  void throwIfFailed() {
    if (failure != null) {
      throw new IllegalStateException(
          "reading the segments topic " + topic + " failed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
