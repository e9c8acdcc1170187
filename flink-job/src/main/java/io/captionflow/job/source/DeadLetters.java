package io.captionflow.job.source;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * The side output every stage sends refused input to, and how a refusal becomes a {@link
 * DeadLetter}.
 */
public final class DeadLetters {

  public static final OutputTag<DeadLetter> TAG =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private DeadLetters() {}

  public static DeadLetter of(RawRecord record, String reason, String stage) {
    return of(
        record.key, record.value, record.topic, record.partition, record.offset, reason, stage);
  }

  /** A session input the session stage refused: its chunk or event, re-encoded. */
  public static DeadLetter of(SessionInput in, String reason, String stage) {
    byte[] value =
        in.chunk != null
            ? AvroCodec.audioChunk().encode(in.receivedChunk())
            : AvroCodec.sessionEvent().encode(in.event);
    return of(
        in.sessionId.getBytes(StandardCharsets.UTF_8),
        value,
        in.topic,
        in.partition,
        in.offset,
        reason,
        stage);
  }

  public static DeadLetter of(
      byte[] key,
      byte[] value,
      String topic,
      int partition,
      long offset,
      String reason,
      String stage) {
    return DeadLetter.newBuilder()
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setReason(reason)
        .setStage(stage)
        .setTimeMillis(System.currentTimeMillis())
        .build();
  }
}
