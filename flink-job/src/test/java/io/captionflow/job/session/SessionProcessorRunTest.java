package io.captionflow.job.session;

import static io.captionflow.job.session.SessionProcessorRecoveryTest.chunk;
import static io.captionflow.job.session.SessionProcessorRecoveryTest.harness;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.TimedWord;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.session.SessionProcessorRecoveryTest.OperatorMetrics;
import io.captionflow.job.source.RawRecord;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The run counter of a session id: every transcript event carries it, it goes up by one for each
 * session that reuses the id after the previous one ended, it lives in keyed state (a restored
 * operator numbers runs as before), and final segment ids follow audio time within the run.
 */
class SessionProcessorRunTest {

  private static final List<ScheduledWord> SCRIPT =
      FixtureAudio.language().sentence("hello world", 0.40, 0.32, 0.16);
  private static final List<float[]> CHUNKS =
      SessionStreamTest.chunks(FixtureAudio.language().synthesize(SCRIPT, 2.0), 1600);

  static SessionInput start() {
    SessionEvent e =
        SessionEvent.newBuilder()
            .setSessionId("room")
            .setType(SessionEventType.START)
            .setLatencyMode("speedy")
            .setEventTimeMillis(0)
            .build();
    return SessionInput.of(e, new RawRecord("events", 0, 0, new byte[0], new byte[0]));
  }

  /** The whole short session: START, then its audio up to the end-of-stream chunk. */
  private static void session(
      KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> h, int from)
      throws Exception {
    if (from == 0) {
      h.processElement(start(), 0);
    }
    for (int i = from; i < CHUNKS.size(); i++) {
      h.processElement(chunk(i, CHUNKS.get(i), i == CHUNKS.size() - 1), 0);
    }
  }

  /**
   * Statuses as "run STATE", finals as "run id text" after "run words" (the final words sent
   * before, with their segment number and times); checks that every other event (speech, partials)
   * carries the run of the STARTED before it.
   */
  private static List<String> seen(List<TranscriptEvent> events) {
    List<String> out = new ArrayList<>();
    List<String> finalWords = new ArrayList<>();
    long run = -1;
    for (TranscriptEvent e : events) {
      if (e.getEvent() instanceof SessionStatus st) {
        run = st.getState() == SessionState.STARTED ? e.getRun() : run;
        out.add(e.getRun() + " " + st.getState());
      } else if (e.getEvent() instanceof ConfirmedWords cw) {
        assertEquals(run, e.getRun(), "run of " + e);
        for (Word w : cw.getWords()) {
          finalWords.add(
              cw.getSequence()
                  + ":"
                  + FixtureAudio.format(
                      w.getText().toString(), w.getStartSeconds(), w.getEndSeconds()));
        }
      } else if (e.getEvent() instanceof SubtitleSegment s && s.getIsFinal()) {
        // The segment's words went out as final words before it closed.
        out.add(e.getRun() + " words " + String.join(" ", finalWords));
        finalWords.clear();
        out.add(e.getRun() + " " + s.getSegmentId() + " " + s.getText());
      } else {
        assertEquals(run, e.getRun(), "run of " + e);
      }
    }
    return out;
  }

  /** What one run of the session publishes, from the fixture's script. */
  private static List<String> expectedRun(long run) {
    List<TimedWord> words = FixtureAudio.language().expectedWords(SCRIPT);
    String text = String.join(" ", words.stream().map(TimedWord::text).toList());
    String finalWords =
        String.join(" ", words.stream().map(w -> "0:" + FixtureAudio.format(w)).toList());
    return List.of(
        run + " STARTED",
        run + " words " + finalWords,
        run + " room/" + run + "/" + Math.round(words.get(0).startSeconds() * 1000) + " " + text,
        run + " ENDED");
  }

  @Test
  void eachSessionReusingTheIdAfterItsEndIsTheNextRun() throws Exception {
    try (var h = harness(null, new OperatorMetrics())) {
      h.open();
      session(h, 0);
      h.processElement(chunk(99, CHUNKS.get(0), false), 0); // after the end: dead-lettered
      session(h, 0);
      session(h, 0);
      List<String> expected = new ArrayList<>(expectedRun(0));
      expected.addAll(expectedRun(1));
      expected.addAll(expectedRun(2));
      assertEquals(expected, seen(h.extractOutputValues()));
    }
  }

  @Test
  void aRestoredOperatorNumbersRunsAsBefore() throws Exception {
    int restoreAt = CHUNKS.size() / 2;
    List<TranscriptEvent> events = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    try (var before = harness(null, new OperatorMetrics())) {
      before.open();
      session(before, 0);
      before.processElement(start(), 0);
      for (int i = 0; i < restoreAt; i++) {
        before.processElement(chunk(i, CHUNKS.get(i), false), 0);
      }
      checkpoint = before.snapshot(1, 1);
      events.addAll(before.extractOutputValues());
    }
    try (var after = harness(null, new OperatorMetrics())) {
      after.setup();
      after.initializeState(checkpoint);
      after.open();
      session(after, restoreAt);
      session(after, 0);
      events.addAll(after.extractOutputValues());
    }
    List<String> expected = new ArrayList<>(expectedRun(0));
    expected.addAll(expectedRun(1));
    expected.addAll(expectedRun(2));
    assertEquals(expected, seen(events));
  }
}
