package io.captionflow.job.session;

import static io.captionflow.job.session.SessionOperatorTest.CHUNKS;
import static io.captionflow.job.session.SessionOperatorTest.T0;
import static io.captionflow.job.session.SessionOperatorTest.bySession;
import static io.captionflow.job.session.SessionOperatorTest.start;
import static io.captionflow.job.session.SessionOperatorTest.statuses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.DecodeRequest;
import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.Transcript;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.TranscriptEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A recognizer slower than real time makes a live session fall behind capture: it is told so, falls
 * back to the cheaper chunked mode, and, already at the cheapest mode and still not catching up,
 * skips audio too late to be worth decoding until it is back within budget. Time is simulated: the
 * wall clock advances as audio is captured and by each model call's cost, so the numbers are exact.
 */
class LagBudgetTest {

  /** The simulated wall clock in epoch milliseconds, shared by the job and the slow model. */
  static final AtomicLong NOW = new AtomicLong();

  /** Simulated milliseconds one model call (an encoder pass over a window) costs. */
  static final AtomicLong CALL_MILLIS = new AtomicLong();

  static final LagBudget BUDGET = new LagBudget(Duration.ofSeconds(1), Duration.ofSeconds(3));

  /** The fixture model, each encoder call charged to the simulated clock. */
  static final class SlowRecognizer implements SpeechRecognizer {
    private final ParakeetRecognizer model;

    SlowRecognizer(ParakeetRecognizer model) {
      this.model = model;
    }

    static SpeechRecognizer load(io.captionflow.asr.parakeet.RecognizerConfig config) {
      return new SlowRecognizer(ParakeetRecognizer.load(config));
    }

    @Override
    public double frameSeconds() {
      return model.frameSeconds();
    }

    @Override
    public Transcript transcribe(float[] samples) {
      NOW.addAndGet(CALL_MILLIS.get());
      return model.transcribe(samples);
    }

    @Override
    public List<Transcript> transcribeBatch(List<float[]> windows) {
      NOW.addAndGet(CALL_MILLIS.get() * windows.size());
      return model.transcribeBatch(windows);
    }

    @Override
    public EncodedAudio encode(float[] samples) {
      NOW.addAndGet(CALL_MILLIS.get());
      return model.encode(samples);
    }

    @Override
    public List<EncodedAudio> encodeBatch(List<float[]> windows) {
      NOW.addAndGet(CALL_MILLIS.get() * windows.size());
      return model.encodeBatch(windows);
    }

    @Override
    public DecodeResult decode(EncodedAudio audio, int fromFrame, int toFrame, DecoderState s) {
      return model.decode(audio, fromFrame, toFrame, s);
    }

    @Override
    public List<DecodeResult> decodeBatch(List<DecodeRequest> requests) {
      return model.decodeBatch(requests);
    }

    @Override
    public void close() {
      model.close();
    }
  }

  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> harness()
      throws Exception {
    SessionProcessor processor =
        new SessionProcessor(
            SessionOperatorHarness.fixtureModels(SlowRecognizer::load),
            SessionStream.Defaults.STANDARD,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            0,
            BUDGET,
            NOW::get);
    return SessionOperatorHarness.open(processor, SessionOperator.Bundle.NONE);
  }

  /**
   * Chunk {@code i} of the fixture audio played {@code times} times, captured as it ends; the job
   * waits for it when it is ahead of capture.
   */
  static SessionInput liveChunk(String id, int i, int times) {
    SessionInput in = SessionOperatorTest.chunk(id, i % CHUNKS.size(), 0);
    AudioChunk chunk = in.chunk;
    long captured = T0 + (i + 1) * 100L;
    chunk.setSequence(i);
    chunk.setCaptureTimeMillis(captured);
    chunk.setEndOfStream(i == times * CHUNKS.size() - 1);
    NOW.accumulateAndGet(captured, Math::max);
    return in;
  }

  static List<TranscriptEvent> run(LatencyMode mode, long callMillis, int times) throws Exception {
    NOW.set(T0);
    CALL_MILLIS.set(callMillis);
    try (var h = harness()) {
      h.open();
      h.processElement(start("room", mode), T0);
      for (int i = 0; i < times * CHUNKS.size(); i++) {
        h.processElement(liveChunk("room", i, times), T0 + i * 100L);
      }
      return h.extractOutputValues();
    }
  }

  @Test
  void aWindowModeSessionFallingBehindIsWarnedThenFallsBackToChunkedAndCatchesUp()
      throws Exception {
    List<TranscriptEvent> events = run(LatencyMode.SPEEDY, 400, 1);
    assertEquals(
        List.of(
            "STARTED",
            "STARTED: lagging: 1.1 s behind capture (warning at 1 s)",
            "STARTED: degraded: 4.3 s behind capture, over the 3 s lag budget; latency mode speedy"
                + " -> chunked for the rest of the session",
            "STARTED: caught up: 0.4 s behind capture",
            "ENDED"),
        statuses(events).get("room"));
    // every word once, in a pause-aligned switch; chunked mode's frames fall 40 ms later on the
    // fixture's tones (its grid starts at the switch)
    assertEquals(
        List.of(
            "STARTED",
            "STARTED",
            "segment 0: [hello@0.40-0.56, world@0.88-1.04, live@1.36-1.52, captions@1.84-2.00]",
            "segment 1: [for@3.20-3.36, every@3.60-3.76, stream@4.00-4.16]",
            "STARTED",
            "STARTED",
            "segment 2: [no@6.04-6.20, words@6.44-6.60, from@6.76-6.92, live@7.24-7.40,"
                + " captions@7.64-7.80]",
            "segment 3: [hello@9.64-9.80, stream@10.28-10.44]",
            "ENDED"),
        bySession(events).get("room"));
  }

  /** The decisions are keyed state: a session restored after its fallback does not decide again. */
  @Test
  void aRestoredSessionKeepsItsFallbackAndGoesOnAsUninterrupted() throws Exception {
    List<TranscriptEvent> uninterrupted = run(LatencyMode.SPEEDY, 400, 1);
    NOW.set(T0);
    CALL_MILLIS.set(400);
    int cut = 80; // after the fallback (at 4.3 s of lag, around chunk 50)
    List<TranscriptEvent> events = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    try (var before = harness()) {
      before.open();
      before.processElement(start("room", LatencyMode.SPEEDY), T0);
      for (int i = 0; i < cut; i++) {
        before.processElement(liveChunk("room", i, 1), T0 + i * 100L);
      }
      before.prepareSnapshotPreBarrier(1);
      checkpoint = before.snapshot(1, T0 + cut * 100L);
      events.addAll(before.extractOutputValues());
    }
    try (var after = harness()) {
      after.initializeState(checkpoint);
      after.open();
      for (int i = cut; i < CHUNKS.size(); i++) {
        after.processElement(liveChunk("room", i, 1), T0 + i * 100L);
      }
      events.addAll(after.extractOutputValues());
    }
    assertEquals(statuses(uninterrupted), statuses(events));
    assertEquals(bySession(uninterrupted), bySession(events));
  }

  @Test
  void atTheCheapestModeASessionThatDoesNotCatchUpSkipsLateAudioUntilItIsBackWithinBudget()
      throws Exception {
    List<TranscriptEvent> events = run(LatencyMode.CHUNKED, 2_000, 2);
    String lagging = "STARTED: lagging: 1.9 s behind capture (warning at 1 s)";
    String caughtUp = "STARTED: caught up: 0.4 s behind capture";
    String lagging2 = "STARTED: lagging: 2.3 s behind capture (warning at 1 s)";
    String skipping =
        "STARTED: degraded: 3.1 s behind capture, over the 3 s lag budget and not catching up;"
            + " skipping late audio (no subtitles for it) until 1 s behind";
    assertEquals(
        List.of(
            "STARTED",
            lagging,
            caughtUp,
            lagging2,
            skipping,
            "STARTED: back within the lag budget: 1.0 s behind capture; 4.1 s of audio skipped so"
                + " far",
            caughtUp,
            lagging,
            caughtUp,
            lagging2,
            skipping,
            "STARTED: back within the lag budget: 1.0 s behind capture; 8.2 s of audio skipped so"
                + " far",
            caughtUp,
            "ENDED"),
        statuses(events).get("room"));
    // words of skipped audio are missing, nothing is invented: the rest are the fixture's words
    // at their times, but "stream", whose first 0.16 s fell in the skipped audio
    List<String> lines =
        bySession(events).get("room").stream().filter(l -> l.startsWith("segment")).toList();
    assertEquals(
        List.of(
            "segment 0: [hello@0.40-0.56, world@0.88-1.04, live@1.36-1.52, captions@1.84-2.00]",
            "segment 1: [for@3.20-3.36, every@3.60-3.76, stream@4.00-4.16]",
            "segment 2: [no@6.00-6.16, words@6.40-6.56, from@6.80-6.96]",
            "segment 3: [hello@12.40-12.56, world@12.88-13.04, live@13.36-13.52,"
                + " captions@13.84-14.00]",
            "segment 4: [for@15.20-15.36, every@15.60-15.76, stream@16.00-16.16]",
            "segment 5: [no@18.00-18.16]",
            "segment 6: [stream@22.40-22.56]"),
        lines);
  }
}
