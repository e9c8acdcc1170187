package io.captionflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.DecodeRequest;
import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.Token;
import io.captionflow.asr.Transcript;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.audio.PcmCodec;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.exit.KafkaExit;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.job.source.KafkaEntrance;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.sink.consume.SegmentConsumer;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job on a Flink MiniCluster between real Kafka topics, with the real ParakeetRecognizer on the
 * fixture model: a session published in real time, the same topics replayed as fast as possible
 * (bounded), and a run whose recognizer fails mid-session must give a subscriber exactly the same
 * segments.
 */
class KafkaEndToEndITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(flinkConfig())
              .build());

  static TestKafka.Broker kafka;
  static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();
  static final AtomicInteger CALLS = new AtomicInteger();

  static Configuration flinkConfig() {
    Configuration c = new Configuration();
    c.setString("pipeline.generic-types", "false");
    c.setString("restart-strategy.type", "fixed-delay");
    c.setString("restart-strategy.fixed-delay.attempts", "3");
    c.setString("restart-strategy.fixed-delay.delay", "200 ms");
    return c;
  }

  @BeforeAll
  static void broker() {
    kafka = TestKafka.shared();
  }

  /**
   * Loads the real recognizer, whose 25th call in this JVM throws once: a failing operator
   * instance.
   */
  static SpeechRecognizer loadFailingOnce(RecognizerConfig config) {
    ParakeetRecognizer real = ParakeetRecognizer.load(config);
    return new SpeechRecognizer() {
      void maybeFail() {
        if (CALLS.incrementAndGet() == 25 && INJECTED_FAILURES.incrementAndGet() == 1) {
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

  static final AtomicInteger RECOMPUTE_CALLS = new AtomicInteger();
  static final AtomicBoolean RECOMPUTE_FAILED = new AtomicBoolean();

  /**
   * Loads the real recognizer, whose 18th call in this JVM throws once; every token it returns
   * after that failure is one 80 ms frame later, as a recovery on other hardware may compute it.
   */
  static SpeechRecognizer loadRecomputingDifferently(RecognizerConfig config) {
    ParakeetRecognizer real = ParakeetRecognizer.load(config);
    return new SpeechRecognizer() {
      List<Token> afterRecovery(List<Token> tokens) {
        if (!RECOMPUTE_FAILED.get()) {
          return tokens;
        }
        double frame = real.frameSeconds();
        return tokens.stream()
            .map(
                k ->
                    new Token(
                        k.id(),
                        k.piece(),
                        k.frame(),
                        k.startSeconds() + frame,
                        k.endSeconds() + frame,
                        k.confidence(),
                        k.special()))
            .toList();
      }

      /** The 18th window the job decodes (alone or in a batch) fails, once. */
      void countWindows(int windows) {
        int before = RECOMPUTE_CALLS.getAndAdd(windows);
        if (before < 18 && before + windows >= 18 && RECOMPUTE_FAILED.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure mid-session");
        }
      }

      public double frameSeconds() {
        return real.frameSeconds();
      }

      public Transcript transcribe(float[] samples) {
        countWindows(1);
        return Transcript.of(afterRecovery(real.transcribe(samples).tokens()));
      }

      public List<Transcript> transcribeBatch(List<float[]> windows) {
        throw new UnsupportedOperationException("the session operator encodes, then decodes");
      }

      public EncodedAudio encode(float[] samples) {
        return encodeBatch(List.of(samples)).get(0);
      }

      public List<EncodedAudio> encodeBatch(List<float[]> windows) {
        countWindows(windows.size());
        return real.encodeBatch(windows);
      }

      public DecodeResult decode(EncodedAudio a, int from, int to, DecoderState s) {
        return decodeBatch(List.of(new DecodeRequest(a, from, to, s))).get(0);
      }

      public List<DecodeResult> decodeBatch(List<DecodeRequest> requests) {
        return real.decodeBatch(requests).stream()
            .map(r -> new DecodeResult(afterRecovery(r.tokens()), r.state(), r.nextFrame()))
            .toList();
      }

      public void close() {
        real.close();
      }
    };
  }

  static JobConfig config(Topics topics, String group, ModelSpec.Loader loader) {
    ModelSpec models =
        new ModelSpec(FixtureAudio.modelDir().toString(), "cpu", "fp32", 1, null, loader);
    return JobConfig.fromEnvironment(java.util.Map.of())
        // recorded audio replayed at full speed: its capture times say nothing of a live lag
        .withLagBudget(LagBudget.OFF)
        .withKafka(kafka.bootstrapServers(), topics, group)
        .withModels(models)
        .withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(300));
  }

  @Test
  void liveReplayAndInjectedFailureGiveSubscribersIdenticalSegments() throws Exception {
    Topics in = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    Topics live = in.withPrefix("live.");
    Topics replay = in.withPrefix("replay.");
    Topics failing = in.withPrefix("failing.");
    List<String> names = new ArrayList<>(List.of(in.audio(), in.sessionEvents()));
    for (Topics out : List.of(live, replay, failing)) {
      names.add(out.segments());
      names.add(out.deadLetters());
    }
    kafka.createTopics(names, 2);

    // 1. live: the job runs while the sessions are published in real time
    JobClient liveJob =
        CaptionFlowJob.overKafka(
                config(in, "live", ModelSpec.PARAKEET)
                    .withKafka(kafka.bootstrapServers(), withOutputs(in, live), "live"))
            .start(env());
    publishInRealTime(in);
    List<TranscriptEvent> liveEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), live.segments(), 2);
    liveJob.cancel().get();

    // 2. replay: the recorded topics, bounded, as fast as possible
    JobConfig replayConfig = config(in, "replay", ModelSpec.PARAKEET);
    JobClient replayJob =
        new CaptionFlowJob(
                replayConfig,
                KafkaEntrance.replay(kafka.bootstrapServers(), in, "replay"),
                KafkaExit.segments(kafka.bootstrapServers(), replay.segments()),
                KafkaExit.deadLetters(kafka.bootstrapServers(), replay.deadLetters()))
            .start(env());
    replayJob.getJobExecutionResult().get();
    List<TranscriptEvent> replayEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), replay.segments(), 2);

    // 3. failure: the recognizer throws once mid-session; the job restarts from its last checkpoint
    JobClient failingJob =
        CaptionFlowJob.overKafka(
                config(in, "failing", KafkaEndToEndITCase::loadFailingOnce)
                    .withKafka(kafka.bootstrapServers(), withOutputs(in, failing), "failing"))
            .start(env());
    List<TranscriptEvent> failingEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), failing.segments(), 2);
    failingJob.cancel().get();

    Map<String, List<SubtitleSegment>> expected = KafkaTopics.deduplicatedSegments(liveEvents);
    assertEquals(List.of("room-a", "room-b"), List.copyOf(expected.keySet()));
    assertEquals(FixtureAudio.expectedWordTimes(), finalWordTimes(expected.get("room-a")));
    assertEquals(FixtureAudio.expectedWordTimes(), finalWordTimes(expected.get("room-b")));
    assertEquals(expected, KafkaTopics.deduplicatedSegments(replayEvents), "replay");
    assertEquals(1, INJECTED_FAILURES.get(), "the failure was injected");
    // Restored from a checkpoint, the run goes on and a subscriber gets the very same segments. A
    // failure before the first checkpoint completed (the backlog read at full speed may all sit in
    // one bundle) recomputes the session as a new run, which subscribers take in place of the
    // first: then its words are the same, each once.
    Map<String, List<SubtitleSegment>> afterFailure =
        KafkaTopics.deduplicatedSegments(latestRunOnly(failingEvents));
    long failingRun = failingEvents.stream().mapToLong(TranscriptEvent::getRun).max().orElse(0);
    if (failingRun == 0) {
      assertEquals(expected, afterFailure, "after an injected failure");
    }
    for (String room : List.of("room-a", "room-b")) {
      assertEquals(
          FixtureAudio.expectedWordTimes(),
          finalWordTimes(afterFailure.get(room)),
          room + " after an injected failure (run " + failingRun + ")");
    }

    List<DeadLetter> letters =
        KafkaTopics.deadLetters(kafka.bootstrapServers(), live.deadLetters(), 3);
    assertEquals(
        List.of(
            "undecodable record: not Avro single-object encoding (bad header) for AudioChunk",
            "sample rate 44100, expected 16000",
            "chunk 999 for ended session room-a"),
        letters.stream().map(DeadLetter::getReason).sorted(this::byBadRecordOrder).toList());
  }

  @Test
  void stopWithSavepointMidSessionAndResumeGivesTheUninterruptedSegments() throws Exception {
    Topics in = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    Topics resumed = in.withPrefix("resumed.");
    Topics reference = in.withPrefix("reference.");
    kafka.createTopics(
        List.of(
            in.audio(),
            in.sessionEvents(),
            resumed.segments(),
            resumed.deadLetters(),
            reference.segments(),
            reference.deadLetters()),
        2);
    JobConfig config =
        config(in, "resumed", ModelSpec.PARAKEET)
            .withKafka(kafka.bootstrapServers(), withOutputs(in, resumed), "resumed");

    JobClient first = CaptionFlowJob.overKafka(config).start(env());
    Thread publisher =
        new Thread(
            () -> {
              try {
                publishInRealTime(in);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "publisher");
    publisher.start();
    Thread.sleep(6_000); // about half of the 12 s sessions
    String savepoint =
        first
            .stopWithSavepoint(
                false,
                Files.createTempDirectory("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL)
            .get();
    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    JobClient second =
        CaptionFlowJob.overKafka(config)
            .start(StreamExecutionEnvironment.getExecutionEnvironment(restore));
    publisher.join();
    List<TranscriptEvent> resumedEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), resumed.segments(), 2);
    second.cancel().get();

    new CaptionFlowJob(
            config(in, "reference", ModelSpec.PARAKEET),
            KafkaEntrance.replay(kafka.bootstrapServers(), in, "reference"),
            KafkaExit.segments(kafka.bootstrapServers(), reference.segments()),
            KafkaExit.deadLetters(kafka.bootstrapServers(), reference.deadLetters()))
        .start(env())
        .getJobExecutionResult()
        .get();
    List<TranscriptEvent> referenceEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), reference.segments(), 2);

    Map<String, List<SubtitleSegment>> expected = KafkaTopics.deduplicatedSegments(referenceEvents);
    assertEquals(FixtureAudio.expectedWordTimes(), finalWordTimes(expected.get("room-a")));
    assertEquals(expected, KafkaTopics.deduplicatedSegments(resumedEvents));
  }

  /**
   * A job failing before its first checkpoint restarts from the beginning and recomputes the whole
   * session, every word one frame later (as on other hardware): the topic then holds the words
   * written before the failure twice, with other times and segment ids. The subtitle sink's
   * consumer reads the topic as in production and must give each word once, none lost: those
   * written before the failure as they were, then the recomputed ones.
   */
  @Test
  void recoveryThatRecomputesDifferentlyStillGivesSubscribersEachWordOnce() throws Exception {
    Topics in = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    Topics out = in.withPrefix("recomputed.");
    kafka.createTopics(
        List.of(in.audio(), in.sessionEvents(), out.segments(), out.deadLetters()), 2);
    List<ScheduledWord> script = new ArrayList<>();
    script.addAll(FixtureAudio.language().sentence("hello world live captions", 0.40, 0.32, 0.16));
    script.addAll(FixtureAudio.language().sentence("for every stream", 3.20, 0.24, 0.16));
    Configuration noCheckpointYet = new Configuration();
    noCheckpointYet.setString("execution.checkpointing.min-pause", "10 min");
    JobClient job =
        CaptionFlowJob.overKafka(
                config(in, "recomputed", KafkaEndToEndITCase::loadRecomputingDifferently)
                    .withKafka(kafka.bootstrapServers(), withOutputs(in, out), "recomputed")
                    .withCheckpointInterval(Duration.ofMinutes(10)))
            .start(StreamExecutionEnvironment.getExecutionEnvironment(noCheckpointYet));
    publishInRealTime(in, "room-c", FixtureAudio.language().synthesize(script, 5.0));
    List<TranscriptEvent> topic =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), out.segments(), 1);
    job.cancel().get();

    SessionRegistry sink = new SessionRegistry(500);
    try (SegmentConsumer consumer =
        new SegmentConsumer(kafka.bootstrapServers(), out.segments(), Duration.ofHours(1), sink)) {
      consumer.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!sink.find("room-c").map(s -> s.summary().state().equals("ENDED")).orElse(false)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the sink never saw room-c end");
        }
        Thread.sleep(50);
      }
    }

    assertTrue(RECOMPUTE_FAILED.get(), "the failure was injected");
    double frame = 0.08;
    List<String> original =
        FixtureAudio.language().expectedWords(script).stream().map(FixtureAudio::format).toList();
    List<String> recomputed =
        FixtureAudio.language().expectedWords(script).stream()
            .map(
                w ->
                    FixtureAudio.format(w.text(), w.startSeconds() + frame, w.endSeconds() + frame))
            .toList();
    // The topic: STARTED, what the first attempt wrote, STARTED again, the recomputed session.
    List<List<String>> attempts = new ArrayList<>();
    for (TranscriptEvent e : topic) {
      if (e.getEvent() instanceof SessionStatus s && s.getState() == SessionState.STARTED) {
        attempts.add(new ArrayList<>());
      } else if (e.getEvent() instanceof SubtitleSegment s && s.getIsFinal()) {
        s.getWords()
            .forEach(
                w ->
                    attempts
                        .get(attempts.size() - 1)
                        .add(
                            FixtureAudio.format(
                                w.getText(), w.getStartSeconds(), w.getEndSeconds())));
      }
    }
    assertEquals(2, attempts.size(), "two attempts: " + attempts);
    int written = attempts.get(0).size();
    assertTrue(written > 0, "the first attempt wrote words before failing");
    assertEquals(original.subList(0, written), attempts.get(0));
    assertEquals(recomputed, attempts.get(1));

    List<String> expected = new ArrayList<>(original.subList(0, written));
    expected.addAll(recomputed.subList(written, recomputed.size()));
    assertEquals(
        expected,
        sink.find("room-c").orElseThrow().confirmed().stream()
            .flatMap(c -> c.words().stream())
            .map(w -> FixtureAudio.format(w.text(), w.startSeconds(), w.endSeconds()))
            .toList());
    assertTrue(sink.duplicatesDropped() > 0, "the recomputed repeats were dropped");
  }

  private int byBadRecordOrder(String a, String b) {
    return Integer.compare(rank(a), rank(b));
  }

  private static int rank(String reason) {
    return reason.startsWith("undecodable") ? 0 : reason.startsWith("sample rate") ? 1 : 2;
  }

  /** Each session's events of its latest run: what a subscriber keeps once a new run starts. */
  static List<TranscriptEvent> latestRunOnly(List<TranscriptEvent> events) {
    Map<String, Long> latest = new java.util.HashMap<>();
    for (TranscriptEvent e : events) {
      latest.merge(e.getSessionId(), e.getRun(), Math::max);
    }
    return events.stream().filter(e -> e.getRun() == latest.get(e.getSessionId())).toList();
  }

  static Topics withOutputs(Topics in, Topics out) {
    return new Topics(in.audio(), in.sessionEvents(), out.segments(), out.deadLetters());
  }

  static StreamExecutionEnvironment env() {
    return StreamExecutionEnvironment.getExecutionEnvironment();
  }

  static List<String> finalWordTimes(List<SubtitleSegment> segments) {
    return segments.stream()
        .filter(SubtitleSegment::getIsFinal)
        .flatMap(s -> s.getWords().stream())
        .map(w -> FixtureAudio.format(w.getText(), w.getStartSeconds(), w.getEndSeconds()))
        .toList();
  }

  /**
   * room-a (speedy) and room-b (chunked) speak the fixture script in 100 ms chunks, in real time,
   * plus bad input.
   */
  static void publishInRealTime(Topics topics) throws Exception {
    float[] audio = FixtureAudio.audio();
    AvroCodec<AudioChunk> chunks = AvroCodec.audioChunk();
    try (KafkaProducer<byte[], byte[]> producer = TestProducers.raw(kafka.bootstrapServers())) {
      for (String[] room : new String[][] {{"room-a", "speedy"}, {"room-b", "chunked"}}) {
        SessionEvent start =
            SessionEvent.newBuilder()
                .setSessionId(room[0])
                .setType(SessionEventType.START)
                .setLatencyMode(room[1])
                .setLanguage("en")
                .setEventTimeMillis(System.currentTimeMillis())
                .build();
        producer.send(
            record(topics.sessionEvents(), room[0], AvroCodec.sessionEvent().encode(start)));
      }
      producer.send(record(topics.audio(), "room-a", "not avro".getBytes(StandardCharsets.UTF_8)));
      producer.send(
          record(
              topics.audio(),
              "room-b",
              chunks.encode(chunk("room-b", 500, new float[160], 44_100, false))));
      int n = (audio.length + 1599) / 1600;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        float[] samples =
            Arrays.copyOfRange(audio, i * 1600, Math.min(audio.length, (i + 1) * 1600));
        for (String room : List.of("room-a", "room-b")) {
          producer.send(
              record(
                  topics.audio(),
                  room,
                  chunks.encode(chunk(room, i, samples, 16_000, i == n - 1))));
        }
        long due = t0 + (i + 1) * 100_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      producer.send(
          record(
              topics.audio(),
              "room-a",
              chunks.encode(chunk("room-a", 999, new float[1600], 16_000, false))));
      producer.flush();
    }
  }

  /** One speedy session speaking {@code audio} in 100 ms chunks, in real time. */
  static void publishInRealTime(Topics topics, String session, float[] audio) throws Exception {
    AvroCodec<AudioChunk> chunks = AvroCodec.audioChunk();
    try (KafkaProducer<byte[], byte[]> producer = TestProducers.raw(kafka.bootstrapServers())) {
      SessionEvent start =
          SessionEvent.newBuilder()
              .setSessionId(session)
              .setType(SessionEventType.START)
              .setLatencyMode("speedy")
              .setLanguage("en")
              .setEventTimeMillis(System.currentTimeMillis())
              .build();
      producer.send(
          record(topics.sessionEvents(), session, AvroCodec.sessionEvent().encode(start)));
      int n = (audio.length + 1599) / 1600;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        float[] samples =
            Arrays.copyOfRange(audio, i * 1600, Math.min(audio.length, (i + 1) * 1600));
        producer.send(
            record(
                topics.audio(),
                session,
                chunks.encode(chunk(session, i, samples, 16_000, i == n - 1))));
        long wait = t0 + (i + 1) * 100_000_000L - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      producer.flush();
    }
  }

  static AudioChunk chunk(String session, long sequence, float[] samples, int rate, boolean last) {
    return AudioChunk.newBuilder()
        .setSessionId(session)
        .setSequence(sequence)
        .setSampleRate(rate)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(PcmCodec.encodePcm16(samples)))
        .setCaptureTimeMillis(System.currentTimeMillis())
        .setEndOfStream(last)
        .build();
  }

  static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
