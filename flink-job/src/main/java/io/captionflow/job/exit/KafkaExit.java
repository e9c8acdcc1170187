package io.captionflow.job.exit;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.KafkaClientEnvironment;
import io.captionflow.schema.TranscriptEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The production exit: segments keyed by session id, dead letters keyed by their original key. At
 * least once: a recovery may re-deliver records, each with the same deterministic id, and consumers
 * drop repeats (see README: why not a transactional sink).
 */
public final class KafkaExit {

  private KafkaExit() {}

  public static KafkaSink<TranscriptEvent> segments(String bootstrapServers, String topic) {
    KafkaSinkBuilder<TranscriptEvent> builder =
        KafkaSink.<TranscriptEvent>builder()
            .setBootstrapServers(bootstrapServers)
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setRecordSerializer(new SegmentSerializer(topic))
            .setProperty("linger.ms", "0")
            .setProperty("enable.idempotence", "true");
    return withClientSettings(builder).build();
  }

  public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers, String topic) {
    return withClientSettings(
            KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new DeadLetterSerializer(topic)))
        .build();
  }

  /** How to authenticate to the brokers (the job's Kafka user): CAPTIONFLOW_KAFKA_CLIENT_*. */
  private static <T> KafkaSinkBuilder<T> withClientSettings(KafkaSinkBuilder<T> builder) {
    KafkaClientEnvironment.properties(System.getenv()).forEach(builder::setProperty);
    return builder;
  }

  static final class SegmentSerializer implements KafkaRecordSerializationSchema<TranscriptEvent> {
    private final String topic;
    private transient AvroCodec<TranscriptEvent> codec;

    SegmentSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        TranscriptEvent event, KafkaSinkContext context, Long timestamp) {
      if (codec == null) {
        codec = AvroCodec.transcriptEvent();
      }
      return new ProducerRecord<>(
          topic, event.getSessionId().getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }
  }

  static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private final String topic;
    private transient AvroCodec<DeadLetter> codec;

    DeadLetterSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        DeadLetter letter, KafkaSinkContext context, Long timestamp) {
      if (codec == null) {
        codec = AvroCodec.deadLetter();
      }
      ByteBuffer key = letter.getOriginalKey();
      byte[] keyBytes = null;
      if (key != null) {
        keyBytes = new byte[key.remaining()];
        key.duplicate().get(keyBytes);
      }
      return new ProducerRecord<>(topic, keyBytes, codec.encode(letter));
    }
  }
}
