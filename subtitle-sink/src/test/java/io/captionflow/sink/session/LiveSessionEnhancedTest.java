package io.captionflow.sink.session;

import static io.captionflow.sink.Events.enhancedOf;
import static io.captionflow.sink.Events.finalOf;
import static io.captionflow.sink.Events.inRun;
import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.CapturingOutbound;
import io.captionflow.sink.Events;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.fanout.Subscriber;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The enhanced transcript of a session's run: taken after the run ended, the latest per sequence,
 * completed by ENHANCED (compared with the live history, announced to subscribers); an older run's
 * and unknown states ignored and counted.
 */
class LiveSessionEnhancedTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private LiveSession session = new LiveSession("s", 100, 0);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private EventOutcome accept(TranscriptEvent e) {
    return session.accept(e.getEvent(), e.getRun(), 1000);
  }

  private static TranscriptEvent status(long run, SessionState state, double at) {
    return inRun(run, Events.status("s", state, at));
  }

  private CapturingOutbound join() {
    CapturingOutbound out = new CapturingOutbound();
    session.subscribe(
        new Subscriber("s", false, out, 1000, new FanoutStats(), scheduler, 1000),
        ResumePoint.parse(null));
    return out;
  }

  private static JsonNode message(CapturingOutbound out, int index) {
    return LiveSessionTest.parse(out.sent.get(index));
  }

  private static List<String> texts(EnhancedSnapshot e) {
    return e.segments().stream().map(c -> c.sequence() + ":" + c.text()).toList();
  }

  private static final List<Word> HELLO_WORLD =
      List.of(word("hello", 0.0, 0.40), word("world", 0.48, 0.96));
  private static final List<Word> LIVE_CAPTIONS =
      List.of(word("live", 1.20, 1.60), word("captions", 1.68, 2.0));
  private static final List<Word> LIFE_CAPTIONS_TODAY =
      List.of(word("life", 1.20, 1.60), word("captions", 1.68, 2.0), word("today", 2.1, 2.4));

  /** Run 0 live: "hello world" "live captions", ended at 2.5 s. */
  private void liveRunThatEnded() {
    accept(status(0, SessionState.STARTED, 0));
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(finalOf("s", 0, 1, LIVE_CAPTIONS));
    accept(status(0, SessionState.ENDED, 2.5));
  }

  @Test
  void enhancedSegmentsAfterTheEndAreKeptThenEnhancedComparesAndAnnouncesThem() {
    CapturingOutbound viewer = join();
    liveRunThatEnded();
    assertEquals(EventOutcome.APPLIED, accept(enhancedOf("s", 0, 0, HELLO_WORLD)));
    assertEquals(EventOutcome.APPLIED, accept(enhancedOf("s", 0, 1, LIFE_CAPTIONS_TODAY)));

    EnhancedSnapshot arriving = session.enhanced();
    assertEquals(EnhancementStatus.IN_PROGRESS, arriving.status());
    assertEquals(List.of("0:hello world", "1:life captions today"), texts(arriving));
    assertNull(arriving.comparison());
    assertEquals("IN_PROGRESS", session.summary().enhancement());
    assertEquals(false, message(join(), 0).get("enhanced").asBoolean());
    int sentBefore = viewer.sent.size();

    assertEquals(EventOutcome.APPLIED, accept(status(0, SessionState.ENHANCED, 2.5)));
    assertEquals(sentBefore + 1, viewer.sent.size());
    assertEquals(
        "{\"type\":\"enhanced\",\"sessionId\":\"s\",\"run\":0,\"segments\":2,\"words\":5}",
        viewer.sent.get(sentBefore));
    EnhancedSnapshot done = session.enhanced();
    assertEquals(EnhancementStatus.COMPLETE, done.status());
    assertEquals(5, done.wordCount());
    // live "live" for enhanced "life", enhanced "today" missing live: 2 errors in 5 words
    assertEquals(
        new TranscriptComparison(0, 2.5, true, 4, new WordAlignment(5, 1, 0, 1)),
        done.comparison());
    SessionSummary summary = session.summary();
    assertEquals("ENDED", summary.state(), "ENHANCED is no lifecycle state of the live run");
    assertEquals("COMPLETE", summary.enhancement());
    assertEquals(0.4, summary.enhancedErrorRate());
    assertEquals(0, summary.ignoredEvents());
    assertEquals(true, message(join(), 0).get("enhanced").asBoolean());
    assertEquals(
        EventOutcome.DUPLICATE,
        accept(finalOf("s", 0, 2, List.of(word("late", 3.0, 3.3)))),
        "the live run stays over");
  }

  @Test
  void aRetriedEnhancementReplacesTheSameSequencesAndNothingDoubles() {
    liveRunThatEnded();
    accept(enhancedOf("s", 0, 0, HELLO_WORLD));
    accept(enhancedOf("s", 0, 1, LIFE_CAPTIONS_TODAY));
    accept(status(0, SessionState.ENHANCED, 2.5));
    // the retry hears sequence 1 without "today"
    assertEquals(EventOutcome.APPLIED, accept(enhancedOf("s", 0, 0, HELLO_WORLD)));
    assertEquals(
        EventOutcome.APPLIED,
        accept(enhancedOf("s", 0, 1, List.of(word("life", 1.2, 1.6), word("captions", 1.68, 2)))));
    assertEquals(EventOutcome.APPLIED, accept(status(0, SessionState.ENHANCED, 2.5)));
    EnhancedSnapshot e = session.enhanced();
    assertEquals(List.of("0:hello world", "1:life captions"), texts(e));
    assertEquals(4, e.wordCount());
    assertEquals(new WordAlignment(4, 1, 0, 0), e.comparison().alignment());
    assertEquals(0.25, session.summary().enhancedErrorRate());
  }

  @Test
  void anUnknownStateIsIgnoredAndCountedNeverThrown() {
    CapturingOutbound viewer = join();
    accept(status(0, SessionState.STARTED, 0));
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    int sent = viewer.sent.size();
    assertEquals(EventOutcome.UNKNOWN_STATE, accept(status(0, SessionState.UNKNOWN, 1.0)));
    assertEquals(sent, viewer.sent.size(), "nothing sent");
    assertEquals("LIVE", session.summary().state());
    accept(status(0, SessionState.ENDED, 2.0));
    assertEquals(EventOutcome.UNKNOWN_STATE, accept(status(0, SessionState.UNKNOWN, 2.0)));
    assertEquals("ENDED", session.summary().state());
    assertEquals(2, session.summary().ignoredEvents());
    assertEquals(0, session.summary().duplicatesDropped());
  }

  @Test
  void anOlderRunsEnhancementIsIgnoredAndCounted() {
    liveRunThatEnded();
    accept(status(1, SessionState.STARTED, 0));
    assertEquals(EventOutcome.ENHANCED_OF_OLDER_RUN, accept(enhancedOf("s", 0, 0, HELLO_WORLD)));
    assertEquals(EventOutcome.ENHANCED_OF_OLDER_RUN, accept(status(0, SessionState.ENHANCED, 2.5)));
    assertEquals(2, session.summary().ignoredEvents());
    assertEquals(EnhancementStatus.NONE, session.enhanced().status());
    assertEquals(1L, session.enhanced().run());
  }

  @Test
  void aNewRunDropsThePreviousRunsEnhancedTranscript() {
    liveRunThatEnded();
    accept(enhancedOf("s", 0, 0, HELLO_WORLD));
    accept(status(0, SessionState.ENHANCED, 2.5));
    accept(status(1, SessionState.STARTED, 0));
    EnhancedSnapshot e = session.enhanced();
    assertEquals(EnhancementStatus.NONE, e.status());
    assertEquals(List.of(), e.segments());
    assertEquals("NONE", session.summary().enhancement());
    assertNull(session.summary().enhancedErrorRate());
  }

  @Test
  void theEnhancementOfARunNeverSeenLiveStartsThatRunOver() {
    // the live run is older than the sink's lookback: only its enhancement is read
    assertEquals(EventOutcome.APPLIED, accept(enhancedOf("s", 3, 0, HELLO_WORLD)));
    assertEquals(EventOutcome.APPLIED, accept(status(3, SessionState.ENHANCED, 1.0)));
    SessionSummary summary = session.summary();
    assertEquals("ENDED", summary.state());
    assertEquals(3L, summary.run());
    assertEquals("COMPLETE", summary.enhancement());
    assertNull(session.enhanced().comparison(), "no live transcript of run 3 to compare");
    JsonNode hello = message(join(), 0);
    assertEquals("ENDED", hello.get("state").asText());
    assertEquals(true, hello.get("enhanced").asBoolean());
    assertEquals(EventOutcome.DUPLICATE, accept(status(3, SessionState.STARTED, 0)));
  }

  @Test
  void theComparisonCoversOnlyWhatTheBoundedLiveHistoryStillHolds() {
    session = new LiveSession("s", 2, 0);
    accept(status(0, SessionState.STARTED, 0));
    accept(finalOf("s", 0, 0, List.of(word("one", 0.0, 0.4))));
    accept(finalOf("s", 0, 1, List.of(word("two", 2.0, 2.4))));
    accept(finalOf("s", 0, 2, List.of(word("three", 4.0, 4.4))));
    accept(status(0, SessionState.ENDED, 5.0));
    accept(
        enhancedOf(
            "s",
            0,
            0,
            List.of(word("one", 0.0, 0.4), word("two", 2.0, 2.4), word("tree", 4.0, 4.4))));
    accept(status(0, SessionState.ENHANCED, 5.0));
    // "one" fell out of the 2-segment history: compared from "two"'s start
    assertEquals(
        new TranscriptComparison(2.0, 5.0, false, 2, new WordAlignment(2, 1, 0, 0)),
        session.enhanced().comparison());
  }

  @Test
  void segmentsPastTheWordLimitAreIgnoredCountedAndTheComparisonStopsWhereTheyStop() {
    session = new LiveSession("s", 100, 3, 0);
    accept(status(0, SessionState.STARTED, 0));
    accept(finalOf("s", 0, 0, List.of(word("a", 0.0, 0.4), word("b", 0.5, 0.9))));
    accept(finalOf("s", 0, 1, List.of(word("c", 3.0, 3.4), word("d", 3.5, 3.9))));
    accept(status(0, SessionState.ENDED, 4.0));
    accept(enhancedOf("s", 0, 0, List.of(word("a", 0.0, 0.4), word("b", 0.5, 0.9))));
    assertEquals(
        EventOutcome.ENHANCED_OVER_LIMIT,
        accept(enhancedOf("s", 0, 1, List.of(word("c", 3.0, 3.4), word("d", 3.5, 3.9)))));
    accept(status(0, SessionState.ENHANCED, 4.0));
    EnhancedSnapshot e = session.enhanced();
    assertEquals(true, e.truncated());
    assertEquals(3, e.wordLimit());
    assertEquals(
        new TranscriptComparison(0, 0.9, true, 2, new WordAlignment(2, 0, 0, 0)), e.comparison());
    assertEquals(1, session.summary().ignoredEvents());
  }

  @Test
  void anEnhancedSegmentWithoutWordsIsRejectedWithItsId() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> accept(enhancedOf("s", 0, 4, List.of())));
    assertEquals("segment s/0/enhanced/4 has no words", e.getMessage());
    assertEquals("WAITING", session.summary().state(), "nothing changed");
  }
}
