package io.captionflow.schema;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde over {@link AvroCodec}, for plain Kafka clients (bridge, sink, tests). */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T> {

  private final AvroCodec<T> codec;

  public AvroSerde(AvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> data == null ? null : codec.encode(data);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> data == null ? null : codec.decode(data);
  }
}
