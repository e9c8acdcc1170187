package io.captionflow.job;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.testsupport.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;

/** The job's output topics read back as a subscriber sees them. */
final class KafkaTopics {

  private KafkaTopics() {}

  static <T> List<T> readAll(
      String bootstrap,
      String topic,
      Deserializer<T> values,
      Predicate<List<T>> done,
      Duration timeout) {
    return TopicReader.readUntil(
        bootstrap, topic, values, IsolationLevel.READ_UNCOMMITTED, done, timeout);
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
