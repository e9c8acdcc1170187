package io.captionflow.ingest;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Statuses as the job writes them to the segments topic, for tests of the bridge's watcher. */
public final class JobStatuses {

  private JobStatuses() {}

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
