package io.captionflow.ingest;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.testsupport.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;

/** The bridge's topics read back in a test: Avro records, one session's chunks or events. */
public final class KafkaRecords {

  private KafkaRecords() {}

  /** Reads the topic from its beginning (committed records) until {@code done} holds. */
  public static <T extends SpecificRecordBase> List<T> read(
      String bootstrap,
      String topic,
      AvroCodec<T> codec,
      Predicate<List<T>> done,
      Duration timeout) {
    return TopicReader.readUntil(
        bootstrap, topic, values(codec), IsolationLevel.READ_COMMITTED, done, timeout);
  }

  /** All records currently in the topic (reads up to the end offsets taken at the start). */
  public static <T extends SpecificRecordBase> List<T> readAll(
      String bootstrap, String topic, AvroCodec<T> codec) {
    return TopicReader.readToEnd(bootstrap, topic, values(codec));
  }

  private static <T extends SpecificRecordBase> Deserializer<T> values(AvroCodec<T> codec) {
    return (topic, bytes) -> codec.decode(bytes);
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
