package io.captionflow.ingest;

import io.captionflow.kafka.TestKafka;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Statuses as the job writes them to the segments topic, for tests of the bridge's watcher. */
public final class JobStatuses {

  private JobStatuses() {}

  /** A producer standing in for the job. */
  public static KafkaProducer<String, byte[]> producer(TestKafka.Broker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** What the job writes when it refuses a session (Avro single-object encoding, key = id). */
  public static ProducerRecord<String, byte[]> refusal(
      Topics topics, String session, long run, String reason) {
    TranscriptEvent event =
        TranscriptEvent.newBuilder()
            .setSessionId(session)
            .setEvent(
                SessionStatus.newBuilder()
                    .setState(SessionState.REFUSED)
                    .setReason(reason)
                    .setLanguage(null)
                    .setAtSeconds(0)
                    .build())
            .setEmitTimeMillis(System.currentTimeMillis())
            .setRun(run)
            .build();
    return new ProducerRecord<>(
        topics.segments(), 0, session, AvroCodec.transcriptEvent().encode(event));
  }
}
