package io.captionflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The colleague's reproduction between real Kafka topics: START and END published, the session's
 * audio only after the END grace has passed on the wall clock, with record timestamps 30 s after
 * the END's. The job ends each session in stream order with every word.
 */
class KafkaSessionEndITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(KafkaEndToEndITCase.flinkConfig())
              .build());

  static final Duration END_GRACE = Duration.ofSeconds(2);

  @Test
  void audioPublishedAfterItsEndGraceIsTranscribedWhole() throws Exception {
    TestKafka.Broker kafka = TestKafka.shared();
    Topics topics = Topics.DEFAULT.withPrefix("end-" + UUID.randomUUID() + ".");
    kafka.createTopics(
        List.of(topics.audio(), topics.sessionEvents(), topics.segments(), topics.deadLetters()),
        2);
    JobConfig config =
        JobConfig.fromEnvironment(java.util.Map.of())
            // recorded audio replayed at full speed: its capture times say nothing of a live lag
            .withLagBudget(LagBudget.OFF)
            .withKafka(kafka.bootstrapServers(), topics, "end")
            .withModels(
                new ModelSpec(
                    FixtureAudio.modelDir().toString(), "cpu", "fp32", 1, null, ModelSpec.PARAKEET))
            .withParallelism(2)
            .withCheckpointInterval(Duration.ofMillis(300))
            .withExpiry(Duration.ofMinutes(5), END_GRACE);
    JobClient job = CaptionFlowJob.overKafka(config).start(KafkaEndToEndITCase.env());

    float[] audio = FixtureAudio.audio();
    int n = (audio.length + 1599) / 1600;
    long t0 = System.currentTimeMillis();
    AvroCodec<AudioChunk> chunks = AvroCodec.audioChunk();
    // room-new's END names its last chunk; room-old's (an older producer) does not
    String[][] rooms = {{"room-new", "speedy"}, {"room-old", "chunked"}};
    try (KafkaProducer<byte[], byte[]> producer = TestProducers.raw(kafka.bootstrapServers())) {
      for (String[] room : rooms) {
        for (SessionEventType type : List.of(SessionEventType.START, SessionEventType.END)) {
          SessionEvent event =
              SessionEvent.newBuilder()
                  .setSessionId(room[0])
                  .setType(type)
                  .setLatencyMode(room[1])
                  .setEventTimeMillis(t0)
                  .setLastSequence(
                      type == SessionEventType.END && room[0].equals("room-new")
                          ? (long) n - 1
                          : null)
                  .build();
          producer.send(
              record(topics.sessionEvents(), room[0], t0, AvroCodec.sessionEvent().encode(event)));
        }
      }
      producer.flush();
      Thread.sleep(END_GRACE.multipliedBy(3).toMillis()); // the job reads both ENDs, then waits
      for (int i = 0; i < n; i++) {
        float[] samples =
            Arrays.copyOfRange(audio, i * 1600, Math.min(audio.length, (i + 1) * 1600));
        for (String[] room : rooms) {
          boolean endOfStream = room[0].equals("room-old") && i == n - 1;
          producer.send(
              record(
                  topics.audio(),
                  room[0],
                  t0 + 30_000 + i * 100L,
                  chunks.encode(
                      KafkaEndToEndITCase.chunk(room[0], i, samples, 16_000, endOfStream))));
        }
      }
      for (String[] room : rooms) { // after the end: each becomes the one dead letter
        producer.send(
            record(
                topics.audio(),
                room[0],
                t0 + 42_000,
                chunks.encode(
                    KafkaEndToEndITCase.chunk(room[0], 999, new float[1600], 16_000, false))));
      }
      producer.flush();
    }

    List<TranscriptEvent> events =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), topics.segments(), 2);
    List<DeadLetter> letters =
        KafkaTopics.deadLetters(kafka.bootstrapServers(), topics.deadLetters(), 2);
    job.cancel().get();

    var segments = KafkaTopics.deduplicatedSegments(events);
    for (String[] room : rooms) {
      assertEquals(
          FixtureAudio.expectedWordTimes(),
          KafkaEndToEndITCase.finalWordTimes(segments.get(room[0])),
          room[0]);
    }
    assertEquals(
        List.of("ENDED room-new", "ENDED room-old"),
        events.stream()
            .filter(e -> e.getEvent() instanceof SessionStatus)
            .map(e -> ((SessionStatus) e.getEvent()).getState() + " " + e.getSessionId())
            .filter(s -> !s.startsWith("STARTED"))
            .distinct()
            .sorted()
            .toList());
    assertEquals(
        List.of("chunk 999 for ended session room-new", "chunk 999 for ended session room-old"),
        letters.stream().map(DeadLetter::getReason).sorted().toList());
  }

  static ProducerRecord<byte[], byte[]> record(
      String topic, String key, long timestamp, byte[] value) {
    return new ProducerRecord<>(
        topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
