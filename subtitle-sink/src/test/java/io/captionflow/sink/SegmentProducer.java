package io.captionflow.sink;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.TranscriptEvent;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes transcript events to the segments topic the way the Flink job does (key = session id). */
public final class SegmentProducer implements AutoCloseable {

  private final KafkaProducer<String, TranscriptEvent> producer;
  private final String topic;

  public SegmentProducer(String bootstrap, String topic) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new AvroSerde<>(AvroCodec.transcriptEvent()).serializer());
  }

  /** Sends and waits for the broker's acknowledgement. */
  public void send(TranscriptEvent event) {
    try {
      producer.send(new ProducerRecord<>(topic, event.getSessionId(), event)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not produce to " + topic, e);
    }
  }

  /** Sends without waiting (the caller flushes). */
  public void sendAsync(TranscriptEvent event) {
    producer.send(new ProducerRecord<>(topic, event.getSessionId(), event));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
