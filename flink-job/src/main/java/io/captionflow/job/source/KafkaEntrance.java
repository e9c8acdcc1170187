package io.captionflow.job.source;

import io.captionflow.schema.KafkaClientEnvironment;
import io.captionflow.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * The production entrance: one KafkaSource over the audio and session-events topics yielding raw
 * bytes with topic/partition/offset and the record timestamp (the job's event time); offsets live
 * in Flink checkpoints (committed to Kafka only for monitoring).
 */
public final class KafkaEntrance {

  private KafkaEntrance() {}

  /** Unbounded: starts at the group's committed offsets, else the earliest. */
  public static KafkaSource<RawRecord> live(
      String bootstrapServers, Topics topics, String groupId) {
    return builder(bootstrapServers, topics, groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .build();
  }

  /**
   * Bounded replay of everything on the topics now: from the earliest to the latest offset at
   * start.
   */
  public static KafkaSource<RawRecord> replay(
      String bootstrapServers, Topics topics, String groupId) {
    return builder(bootstrapServers, topics, groupId)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .build();
  }

  /**
   * Bounded: offsets {@code [first, last]} of one partition of the audio topic, one run of a
   * session (the enhanced transcript's entrance); no consumer group offsets are committed.
   */
  public static KafkaSource<RawRecord> audioRange(
      String bootstrapServers, String audioTopic, int partition, long first, long last) {
    TopicPartition tp = new TopicPartition(audioTopic, partition);
    KafkaSourceBuilder<RawRecord> builder =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(bootstrapServers)
            .setPartitions(Set.of(tp))
            .setDeserializer(new RawDeserializer())
            .setStartingOffsets(OffsetsInitializer.offsets(Map.of(tp, first)))
            .setBounded(OffsetsInitializer.offsets(Map.of(tp, last + 1)))
            .setProperty("commit.offsets.on.checkpoint", "false");
    KafkaClientEnvironment.properties(System.getenv()).forEach(builder::setProperty);
    return builder.build();
  }

  private static KafkaSourceBuilder<RawRecord> builder(
      String bootstrapServers, Topics topics, String groupId) {
    KafkaSourceBuilder<RawRecord> builder =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(List.of(topics.audio(), topics.sessionEvents()))
            .setGroupId(groupId)
            .setDeserializer(new RawDeserializer())
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperty("partition.discovery.interval.ms", "60000");
    // how to authenticate to the brokers (the job's Kafka user): CAPTIONFLOW_KAFKA_CLIENT_*
    KafkaClientEnvironment.properties(System.getenv()).forEach(builder::setProperty);
    return builder;
  }

  /** Keeps every record whole; decoding (and refusing) happens in {@link InputDecoder}. */
  static final class RawDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
      out.collect(
          new RawRecord(
              record.topic(),
              record.partition(),
              record.offset(),
              record.key(),
              record.value(),
              record.timestamp() >= 0 ? record.timestamp() : RawRecord.NO_TIMESTAMP));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
      return TypeInformation.of(RawRecord.class);
    }
  }
}
