package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.LongFormTranscriber;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.Transcript;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.job.JobConfig;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enhancer between real topics, the enhancement jobs on a MiniCluster: a run is enhanced only
 * once its live session fully ended and asked for it, once (re-delivered ends and a restart
 * included), and a failure during the enhancement is retried to the same transcript.
 */
class EnhancerKafkaITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(new Configuration())
              .build());

  static final Set<Integer> MISSING = Set.of(31);

  static final AtomicInteger FAILURES = new AtomicInteger();

  /** The real recognizer, whose first transcription in this JVM throws. */
  static SpeechRecognizer loadFailingOnce(RecognizerConfig config) {
    ParakeetRecognizer real = ParakeetRecognizer.load(config);
    return new SpeechRecognizer() {
      public double frameSeconds() {
        return real.frameSeconds();
      }

      public Transcript transcribe(float[] samples) {
        if (FAILURES.incrementAndGet() == 1) {
          throw new IllegalStateException("injected failure during the enhancement");
        }
        return real.transcribe(samples);
      }

      public List<Transcript> transcribeBatch(List<float[]> windows) {
        return real.transcribeBatch(windows);
      }

      public EncodedAudio encode(float[] samples) {
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

  static EnhancementRunner runner(
      RecordedTopics t, ModelSpec.Loader loader, List<String> progress) {
    JobConfig config =
        JobConfig.fromEnvironment(Map.of())
            .withKafka(t.bootstrap(), t.topics, "enhancer-test")
            .withModels(
                new ModelSpec(FixtureAudio.modelDir().toString(), "cpu", "fp32", 1, null, loader));
    return new EnhancementRunner(
        config,
        Duration.ofSeconds(30),
        StreamExecutionEnvironment::getExecutionEnvironment,
        new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(1)),
        progress::add);
  }

  /** An enhancer whose every enhancement is recorded, watching from the topic's beginning. */
  static Enhancer enhancer(
      RecordedTopics t, EnhancementRunner runner, List<RunKey> calls, List<String> log) {
    Enhancer e =
        new Enhancer(
            t.bootstrap(),
            t.topics.segments(),
            key -> {
              calls.add(key);
              return runner.enhance(key.sessionId(), OptionalLong.of(key.run()));
            },
            2,
            Duration.ofDays(1),
            log::add);
    Thread watcher = new Thread(e, "enhancer-test");
    watcher.setDaemon(true);
    watcher.start();
    return e;
  }

  static List<String> exportedTranscript() {
    try (ParakeetRecognizer r = FixtureAudio.loadRecognizer()) {
      return LongFormTranscriber.transcribe(
              r, RunRecordings.exported(FixtureAudio.audio(), MISSING))
          .words()
          .stream()
          .map(w -> FixtureAudio.format(w.text(), w.startSeconds(), w.endSeconds()))
          .toList();
    }
  }

  static List<String> words(List<EnhancedSegment> segments) {
    return segments.stream()
        .flatMap(s -> s.getWords().stream())
        .map(w -> FixtureAudio.format(w.getText(), w.getStartSeconds(), w.getEndSeconds()))
        .toList();
  }

  static void await(String what, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aRunIsEnhancedOnceAfterItsSessionFullyEndedAndARestartSkipsIt() throws Exception {
    try (RecordedTopics t = new RecordedTopics()) {
      List<RunKey> calls = Collections.synchronizedList(new ArrayList<>());
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      EnhancementRunner runner = runner(t, ModelSpec.PARAKEET, new ArrayList<>());
      t.start("room", true, false);
      RunRange room = t.record("room", FixtureAudio.audio(), MISSING);
      t.start("plain", false, false);
      RunRange plain = t.record("plain", FixtureAudio.audio(), Set.of());
      t.status("room", 0, SessionState.STARTED, 0, false, null);

      try (Enhancer e = enhancer(t, runner, calls, log)) {
        await("the enhancer caught up", e::caughtUp);
        Thread.sleep(1_000);
        assertEquals(List.of(), calls, "a session still live is not enhanced");

        t.status("plain", 0, SessionState.ENDED, 12.0, false, plain); // did not ask for it
        t.status("room", 0, SessionState.ENDED, 12.0, true, room);
        t.status("room", 0, SessionState.ENDED, 12.0, true, room); // re-delivered
        await("room is enhanced", () -> t.ledger("room").lastEnhanced(0).isPresent());
        assertTrue(e.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of(new RunKey("room", 0)), calls);
        assertEquals(exportedTranscript(), words(t.ledger("room").enhancedTranscript(0)));
        assertEquals(List.of(), t.ledger("plain").enhancedTranscript(0));
      }

      // while no enhancer runs, the room's next run ends
      t.start("room", true, false);
      RunRange next = t.record("room", FixtureAudio.audio(), Set.of());
      t.status("room", 1, SessionState.EXPIRED, 12.0, true, next);
      calls.clear();
      try (Enhancer e = enhancer(t, runner, calls, log)) {
        await("run 1 is enhanced", () -> t.ledger("room").lastEnhanced(1).isPresent());
        assertTrue(e.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of(new RunKey("room", 1)), calls, "run 0 was ENHANCED before: skipped");
        assertEquals(
            FixtureAudio.expectedWordTimes(), words(t.ledger("room").enhancedTranscript(1)));
      }
    }
  }

  @Test
  void aFailureDuringTheEnhancementIsRetriedToTheFaultFreeTranscript() throws Exception {
    try (RecordedTopics t = new RecordedTopics()) {
      List<RunKey> calls = Collections.synchronizedList(new ArrayList<>());
      List<String> progress = Collections.synchronizedList(new ArrayList<>());
      EnhancementRunner runner = runner(t, EnhancerKafkaITCase::loadFailingOnce, progress);
      t.start("room", true, false);
      RunRange room = t.record("room", FixtureAudio.audio(), MISSING);
      t.status("room", 0, SessionState.ENDED, 12.0, true, room);

      try (Enhancer e = enhancer(t, runner, calls, new ArrayList<>())) {
        await("room is enhanced", () -> t.ledger("room").lastEnhanced(0).isPresent());
        assertTrue(e.awaitIdle(Duration.ofSeconds(30)));
      }

      assertEquals(2, FAILURES.get(), "the failure was injected, then the retry transcribed");
      assertEquals(List.of(new RunKey("room", 0)), calls);
      assertTrue(
          progress.contains(
              "session room run 0: attempt 1 failed (IllegalStateException: injected failure"
                  + " during the enhancement); trying again in 0.2 s"),
          progress.toString());
      SessionLedger ledger = t.ledger("room");
      List<EnhancedSegment> transcript = ledger.enhancedTranscript(0);
      assertEquals(exportedTranscript(), words(transcript));
      assertEquals(
          List.of(0L, 1L, 2L, 3L), transcript.stream().map(EnhancedSegment::getSequence).toList());
    }
  }
}
