package io.captionflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.Transcript;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.job.exit.KafkaExit;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.fixture.SpeakerToneAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.job.source.KafkaEntrance;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Speaker diarization in the job between real Kafka topics, both fixture models (tone-language ASR,
 * Sortformer): exact speakers per word and segment, the same after an injected failure and recovery
 * from a checkpoint (the diarizer's state lives in the session's keyed state), no speakers without
 * diarization, and a diarized session refused when the Sortformer model is missing.
 */
class DiarizedKafkaITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(KafkaEndToEndITCase.flinkConfig())
              .build());

  static final AtomicInteger CALLS = new AtomicInteger();
  static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

  /** The real recognizer whose 20th call (about 2 s into the sessions) throws once. */
  static SpeechRecognizer loadFailingOnce(RecognizerConfig config) {
    ParakeetRecognizer real = ParakeetRecognizer.load(config);
    return new SpeechRecognizer() {
      void maybeFail() {
        if (CALLS.incrementAndGet() == 20 && INJECTED_FAILURES.incrementAndGet() == 1) {
          throw new IllegalStateException("injected failure mid-session");
        }
      }

      public double frameSeconds() {
        return real.frameSeconds();
      }

      public Transcript transcribe(float[] samples) {
        maybeFail();
        return real.transcribe(samples);
      }

      public List<Transcript> transcribeBatch(List<float[]> windows) {
        return real.transcribeBatch(windows);
      }

      public EncodedAudio encode(float[] samples) {
        maybeFail();
        return real.encode(samples);
      }

      public DecodeResult decode(EncodedAudio a, int from, int to, DecoderState s) {
        return real.decode(a, from, to, s);
      }

      public void close() {
        real.close();
      }
    };
  }

  static JobConfig config(Topics topics, String group, ModelSpec.Loader loader, String sortformer) {
    TestKafka.Broker kafka = TestKafka.shared();
    ModelSpec models =
        new ModelSpec(FixtureAudio.modelDir().toString(), "cpu", "fp32", 1, null, loader)
            .withSortformerModel(sortformer);
    return JobConfig.fromEnvironment(Map.of())
        // recorded audio replayed at full speed: its capture times say nothing of a live lag
        .withLagBudget(LagBudget.OFF)
        .withKafka(kafka.bootstrapServers(), topics, group)
        .withModels(models)
        .withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(300));
  }

  @Test
  void speakersAreExactSurviveAFailureAndAMissingModelRefusesTheSession() throws Exception {
    TestKafka.Broker kafka = TestKafka.shared();
    Topics in = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    Topics failing = in.withPrefix("failing.");
    Topics noModel = in.withPrefix("no-model.");
    kafka.createTopics(
        List.of(
            in.audio(),
            in.sessionEvents(),
            failing.segments(),
            failing.deadLetters(),
            noModel.segments(),
            noModel.deadLetters()),
        2);

    // live, with the Sortformer model; the recognizer fails once mid-session and the job restarts
    // from a checkpoint
    String model = SpeakerToneAudio.sortformerModel().toString();
    JobClient job =
        CaptionFlowJob.overKafka(
                config(in, "failing", DiarizedKafkaITCase::loadFailingOnce, model)
                    .withKafka(
                        kafka.bootstrapServers(),
                        KafkaEndToEndITCase.withOutputs(in, failing),
                        "failing"))
            .start(KafkaEndToEndITCase.env());
    publishInRealTime(kafka.bootstrapServers(), in);
    List<TranscriptEvent> events =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), failing.segments(), 2);
    job.cancel().get();
    assertEquals(1, INJECTED_FAILURES.get(), "the failure was injected");

    Map<String, List<SubtitleSegment>> segments = KafkaTopics.deduplicatedSegments(events);
    List<SubtitleSegment> duo = finals(segments.get("duo"));
    // the Avro Word has a speaker but no overlap flag: overlap reaches subscribers on the segment
    assertEquals(
        SpeakerToneAudio.EXPECTED_WORDS.stream().map(w -> w.replace("*", "")).toList(),
        duo.stream().flatMap(s -> s.getWords().stream()).map(DiarizedKafkaITCase::word).toList());
    assertEquals(
        SpeakerToneAudio.EXPECTED_SEGMENTS,
        duo.stream().map(DiarizedKafkaITCase::segment).toList());
    for (SubtitleSegment s : finals(segments.get("plain"))) {
      assertNull(s.getSpeaker(), s.getText());
      s.getWords().forEach(w -> assertNull(w.getSpeaker(), w.getText()));
    }
    assertEquals(
        List.of("hello world stream no words from", "every world"),
        finals(segments.get("plain")).stream().map(SubtitleSegment::getText).toList());

    // the same topics replayed by a job whose Sortformer model file is missing: the diarized
    // session is refused
    String missing = SpeakerToneAudio.sortformerModel().resolveSibling("missing.onnx").toString();
    new CaptionFlowJob(
            config(in, "no-model", ModelSpec.PARAKEET, missing),
            KafkaEntrance.replay(kafka.bootstrapServers(), in, "no-model"),
            KafkaExit.segments(kafka.bootstrapServers(), noModel.segments()),
            KafkaExit.deadLetters(kafka.bootstrapServers(), noModel.deadLetters()))
        .start(KafkaEndToEndITCase.env())
        .getJobExecutionResult()
        .get();
    List<TranscriptEvent> refusedRun =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), noModel.segments(), 2);
    String reason =
        "speaker diarization was requested but is unavailable: Sortformer model not found: "
            + missing
            + " is missing (set SORTFORMER_MODEL_PATH to diar_streaming_sortformer_4spk-v2.onnx or v2.1.onnx)";
    assertEquals(
        List.of("REFUSED: " + reason),
        refusedRun.stream()
            .filter(e -> e.getSessionId().equals("duo") && e.getEvent() instanceof SessionStatus)
            .map(e -> (SessionStatus) e.getEvent())
            .map(s -> s.getState() + ": " + s.getReason())
            .distinct()
            .toList());
    assertEquals(
        List.of(),
        refusedRun.stream()
            .filter(e -> e.getSessionId().equals("duo"))
            .filter(e -> e.getEvent() instanceof SubtitleSegment)
            .toList());
    assertEquals(
        finals(segments.get("plain")),
        finals(KafkaTopics.deduplicatedSegments(refusedRun).get("plain")));
    List<DeadLetter> letters =
        KafkaTopics.deadLetters(kafka.bootstrapServers(), noModel.deadLetters(), 1);
    assertEquals(
        List.of("START refused: " + reason), letters.stream().map(DeadLetter::getReason).toList());
  }

  static List<SubtitleSegment> finals(List<SubtitleSegment> segments) {
    return segments.stream().filter(SubtitleSegment::getIsFinal).toList();
  }

  static String word(Word w) {
    return String.format(
        Locale.ROOT,
        "%s@%.2f-%.2f/%s",
        w.getText(),
        w.getStartSeconds(),
        w.getEndSeconds(),
        w.getSpeaker());
  }

  static String segment(SubtitleSegment s) {
    return s.getSpeaker() + (s.getSpeakerOverlap() ? "*" : "") + ": " + s.getText();
  }

  /**
   * "duo" (diarization on, 2 speakers) and "plain" (off) speak the two-speaker script in 100 ms
   * chunks.
   */
  static void publishInRealTime(String bootstrap, Topics topics) throws Exception {
    float[] audio = SpeakerToneAudio.audio();
    AvroCodec<AudioChunk> chunks = AvroCodec.audioChunk();
    try (KafkaProducer<byte[], byte[]> producer = TestProducers.raw(bootstrap)) {
      for (String room : List.of("duo", "plain")) {
        SessionEvent start =
            SessionEvent.newBuilder()
                .setSessionId(room)
                .setType(SessionEventType.START)
                .setLatencyMode("speedy")
                .setDiarization(room.equals("duo"))
                .setMaxSpeakers(2)
                .setEventTimeMillis(System.currentTimeMillis())
                .build();
        producer.send(
            KafkaEndToEndITCase.record(
                topics.sessionEvents(), room, AvroCodec.sessionEvent().encode(start)));
      }
      int n = (audio.length + 1599) / 1600;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        float[] samples =
            Arrays.copyOfRange(audio, i * 1600, Math.min(audio.length, (i + 1) * 1600));
        for (String room : List.of("duo", "plain")) {
          producer.send(
              KafkaEndToEndITCase.record(
                  topics.audio(),
                  room,
                  chunks.encode(KafkaEndToEndITCase.chunk(room, i, samples, 16_000, i == n - 1))));
        }
        long wait = t0 + (i + 1) * 100_000_000L - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      producer.flush();
    }
  }
}
