package io.captionflow.job.enhance;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import io.captionflow.testsupport.TestTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Fresh topics on the shared test broker, written as the bridge and the live job write them: START
 * events, a run's audio chunks, and the live job's statuses and final segments.
 */
final class RecordedTopics implements AutoCloseable {

  final TestKafka.Broker kafka = TestKafka.shared();
  final Topics topics = TestTopics.unique("enh");
  private final KafkaProducer<byte[], byte[]> producer;

  RecordedTopics() {
    kafka.createTopics(
        List.of(topics.audio(), topics.sessionEvents(), topics.segments(), topics.deadLetters()),
        2);
    producer = TestProducers.raw(kafka.bootstrapServers());
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  void start(String session, boolean enhanceOnEnd, boolean diarization) throws Exception {
    SessionEvent start =
        SessionEvent.newBuilder()
            .setSessionId(session)
            .setType(SessionEventType.START)
            .setLatencyMode("speedy")
            .setDiarization(diarization)
            .setMaxSpeakers(2)
            .setEnhanceOnEnd(enhanceOnEnd)
            .setEventTimeMillis(System.currentTimeMillis())
            .build();
    send(topics.sessionEvents(), session, AvroCodec.sessionEvent().encode(start));
  }

  /** Publishes a run's chunks but {@code missing}; returns its range in the audio topic. */
  RunRange record(String session, float[] audio, Set<Integer> missing) throws Exception {
    List<InMemoryRecords.Stored> chunks =
        RunRecordings.records(topics.audio(), session, audio, missing, 0);
    RecordMetadata first = null;
    RecordMetadata last = null;
    for (InMemoryRecords.Stored c : chunks) {
      last = send(topics.audio(), session, c.value());
      first = first == null ? last : first;
    }
    return new RunRange(first.partition(), first.offset(), last.offset(), "the test");
  }

  void status(
      String session,
      long run,
      SessionState state,
      double atSeconds,
      boolean enhanceOnEnd,
      RunRange range)
      throws Exception {
    SessionStatus.Builder s =
        SessionStatus.newBuilder()
            .setState(state)
            .setAtSeconds(atSeconds)
            .setEnhanceOnEnd(enhanceOnEnd);
    if (range != null) {
      s.setAudioPartition(range.partition())
          .setFirstAudioOffset(range.firstOffset())
          .setLastAudioOffset(range.lastOffset());
    }
    transcript(new TranscriptEvent(session, s.build(), System.currentTimeMillis(), run));
  }

  /** A live final segment of {@code words}, 0.5 s apart from {@code start}. */
  void liveFinal(String session, long run, double start, List<String> words) throws Exception {
    List<Word> timed =
        java.util.stream.IntStream.range(0, words.size())
            .mapToObj(i -> new Word(words.get(i), start + 0.5 * i, start + 0.5 * i + 0.3, 1f, null))
            .toList();
    SubtitleSegment s =
        SubtitleSegment.newBuilder()
            .setSessionId(session)
            .setSegmentId(session + "/" + run + "/" + Math.round(start * 1000))
            .setSequence(0)
            .setText(String.join(" ", words))
            .setWords(timed)
            .setStartSeconds(start)
            .setEndSeconds(start + 0.5 * words.size())
            .setIsFinal(true)
            .setEmitTimeMillis(System.currentTimeMillis())
            .build();
    transcript(new TranscriptEvent(session, s, System.currentTimeMillis(), run));
  }

  void transcript(TranscriptEvent e) throws Exception {
    send(topics.segments(), e.getSessionId(), AvroCodec.transcriptEvent().encode(e));
  }

  private RecordMetadata send(String topic, String key, byte[] value) throws Exception {
    return producer
        .send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }

  SessionLedger ledger(String session) {
    return SessionLedger.read(
        bootstrap(), topics.segments(), session, java.time.Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    producer.close();
  }
}
