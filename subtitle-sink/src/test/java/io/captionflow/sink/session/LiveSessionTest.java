package io.captionflow.sink.session;

import static io.captionflow.sink.Events.finalOf;
import static io.captionflow.sink.Events.inRun;
import static io.captionflow.sink.Events.partialOf;
import static io.captionflow.sink.Events.word;
import static io.captionflow.sink.Events.wordsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.sink.CapturingOutbound;
import io.captionflow.sink.Events;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.fanout.Subscriber;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery reconciled by audio time and run: what a subscriber of one session receives. */
class LiveSessionTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private LiveSession session = new LiveSession("s", 100, 0);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  // True when taken, false when dropped (a repeat, stale or of a finished run).
  private boolean accept(TranscriptEvent e) {
    EventOutcome outcome = session.accept(e.getEvent(), e.getRun(), 1000);
    assertFalse(outcome.ignored(), "live events are never ignored: " + outcome);
    return outcome == EventOutcome.APPLIED;
  }

  private CapturingOutbound join(String after, boolean partials) {
    CapturingOutbound out = new CapturingOutbound();
    session.subscribe(
        new Subscriber("s", partials, out, 1000, new FanoutStats(), scheduler, 1000),
        ResumePoint.parse(after));
    return out;
  }

  /** hello, then each message as type:detail; segments as their words with ms times and cursor. */
  static List<String> summary(CapturingOutbound out) {
    return out.sent.stream()
        .map(LiveSessionTest::parse)
        .map(
            n ->
                switch (n.get("type").asText()) {
                  case "segment" -> "segment " + words(n) + " @" + n.get("cursor").asText();
                  case "partial" -> "partial " + words(n);
                  case "words" -> "words " + n.get("sequence").asLong() + ": " + words(n);
                  case "hello" ->
                      "hello run="
                          + n.get("run").asText()
                          + " cursor="
                          + n.get("cursor").asText()
                          + " count="
                          + n.get("historyCount").asInt()
                          + " complete="
                          + n.get("historyComplete").asBoolean();
                  case "session" -> "session " + n.get("state").asText() + " run=" + n.get("run");
                  default -> n.get("type").asText();
                })
        .toList();
  }

  private static String words(JsonNode segment) {
    StringBuilder b = new StringBuilder();
    for (JsonNode w : segment.get("words")) {
      b.append(b.isEmpty() ? "" : " ")
          .append(w.get("text").asText())
          .append('[')
          .append(Math.round(w.get("start").asDouble() * 1000))
          .append('-')
          .append(Math.round(w.get("end").asDouble() * 1000))
          .append(']');
    }
    return b.toString();
  }

  static JsonNode parse(String json) {
    try {
      return WireMessages.JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final List<Word> HELLO_WORLD =
      List.of(word("hello", 0.0, 0.40), word("world", 0.48, 0.96));
  private static final List<Word> LIVE = List.of(word("live", 1.20, 1.60));

  private static final List<Word> HELLO_WORLD_LIVE =
      List.of(word("hello", 0.0, 0.40), word("world", 0.48, 0.96), word("live", 1.20, 1.60));

  @Test
  void finalWordsReachAFinalOnlySubscriberBeforeTheirSegmentWhichStillClosesTheLine() {
    CapturingOutbound finalOnly = join(null, false);
    CapturingOutbound withPartials = join(null, true);
    assertTrue(accept(wordsOf("s", 0, 0, HELLO_WORLD)));
    assertTrue(accept(wordsOf("s", 0, 0, LIVE)));
    assertTrue(accept(finalOf("s", 0, 0, HELLO_WORLD_LIVE)), "all its words went out as words");
    List<String> expected =
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "words 0: hello[0-400] world[480-960]",
            "words 0: live[1200-1600]",
            "segment hello[0-400] world[480-960] live[1200-1600] @0:1600");
    assertEquals(expected, summary(finalOnly));
    assertEquals(expected, summary(withPartials));
  }

  @Test
  void finalWordsAreSentOnceWhateverIsReDelivered() {
    CapturingOutbound out = join(null, false);
    accept(wordsOf("s", 0, 0, HELLO_WORLD));
    assertFalse(accept(wordsOf("s", 0, 0, HELLO_WORLD)), "the same words again");
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    assertFalse(accept(finalOf("s", 0, 0, HELLO_WORLD)), "the same segment again");
    assertFalse(accept(wordsOf("s", 0, 0, HELLO_WORLD)), "words of a delivered segment");
    // A recovered job recomputes one frame later: "hello world" again, then the new "live".
    assertTrue(
        accept(
            wordsOf(
                "s",
                0,
                1,
                List.of(
                    word("hello", 0.08, 0.48),
                    word("world", 0.56, 1.04),
                    word("live", 1.2, 1.6)))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "words 0: hello[0-400] world[480-960]",
            "segment hello[0-400] world[480-960] @0:960",
            "words 1: live[1200-1600]"),
        summary(out));
    assertEquals(3, session.summary().duplicatesDropped());
  }

  @Test
  void aJoiningSubscriberGetsTheHistoryThenTheOpenLineAndAReconnectAfterItsCursorNoRepeat() {
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(wordsOf("s", 0, 1, LIVE));
    accept(wordsOf("s", 0, 1, List.of(word("captions", 1.68, 2.0))));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:960 count=1 complete=true",
            "segment hello[0-400] world[480-960] @0:960",
            "words 1: live[1200-1600]",
            "words 1: captions[1680-2000]"),
        summary(join(null, false)));
    // A client that had everything up to "live" reconnects after the last segment's cursor: the
    // open line comes whole (a client clears its open line on hello), nothing else repeats.
    assertEquals(
        List.of(
            "hello run=0 cursor=0:960 count=0 complete=true",
            "words 1: live[1200-1600]",
            "words 1: captions[1680-2000]"),
        summary(join("0:960", false)));
    accept(finalOf("s", 0, 1, List.of(word("live", 1.2, 1.6), word("captions", 1.68, 2.0))));
    assertEquals(
        List.of("hello run=0 cursor=0:2000 count=0 complete=true"),
        summary(join("0:2000", false)),
        "the closed segment took the open line with it");
  }

  @Test
  void aSubscriberResumingAheadOfARestartedSinkGetsNothingUpToItsCursorAgain() {
    // The sink restarted and is still re-reading the topic when the client comes back after 0:960.
    CapturingOutbound out = join("0:960", false);
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(wordsOf("s", 0, 1, LIVE));
    accept(finalOf("s", 0, 1, List.of(word("live", 1.2, 1.6), word("captions", 1.68, 2.0))));
    accept(wordsOf("s", 0, 2, List.of(word("for", 2.4, 2.7))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "segment live[1200-1600] captions[1680-2000] @0:2000",
            "words 2: for[2400-2700]"),
        summary(out));
  }

  @Test
  void aRecomputedSegmentClosingEarlierLeavesTheLaterFinalWordsOnTheOpenLine() {
    CapturingOutbound out = join(null, false);
    accept(wordsOf("s", 0, 0, HELLO_WORLD_LIVE));
    // Recovered elsewhere, the job closes the segment after "world"; "live" opens the next one.
    accept(finalOf("s", 0, 0, List.of(word("hello", 0.08, 0.48), word("world", 0.56, 1.04))));
    assertFalse(accept(wordsOf("s", 0, 1, List.of(word("live", 1.28, 1.68)))));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:1040 count=1 complete=true",
            "segment hello[80-480] world[560-1040] @0:1040",
            "words 0: live[1200-1600]"),
        summary(join(null, false)));
    accept(finalOf("s", 0, 1, List.of(word("live", 1.28, 1.68))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "words 0: hello[0-400] world[480-960] live[1200-1600]",
            "segment hello[80-480] world[560-1040] @0:1040",
            "segment live[1280-1680] @0:1680"),
        summary(out));
  }

  @Test
  void aNewRunStartsWithAnEmptyOpenLine() {
    accept(wordsOf("s", 0, 0, HELLO_WORLD));
    accept(inRun(0, Events.status("s", SessionState.ENDED, 1.0)));
    assertFalse(accept(wordsOf("s", 0, 0, LIVE)), "the run ended");
    accept(inRun(1, Events.status("s", SessionState.STARTED, 0)));
    accept(wordsOf("s", 1, 0, LIVE));
    assertEquals(
        List.of("hello run=1 cursor=null count=0 complete=true", "words 0: live[1200-1600]"),
        summary(join(null, false)));
  }

  @Test
  void recomputedSegmentWithShiftedTimesIsDeliveredTrimmedToTheWordsNotShownYet() {
    CapturingOutbound out = join(null, false);
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(finalOf("s", 0, 1, LIVE));
    // The recovered job recomputes from before "hello", one frame later, in one segment.
    accept(
        finalOf(
            "s",
            0,
            0,
            List.of(
                word("hello", 0.08, 0.48),
                word("world", 0.56, 1.04),
                word("live", 1.28, 1.68),
                word("captions", 1.76, 2.24))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "segment hello[0-400] world[480-960] @0:960",
            "segment live[1200-1600] @0:1600",
            "segment captions[1760-2240] @0:2240"),
        summary(out));
    JsonNode trimmed = parse(out.sent.get(3));
    assertEquals("s/0/80", trimmed.get("id").asText());
    assertEquals("captions", trimmed.get("text").asText());
    assertEquals(1.76, trimmed.get("start").asDouble());
    assertEquals(2.24, trimmed.get("end").asDouble());
    assertEquals(0, trimmed.get("sequence").asLong());
    assertEquals(
        List.of("hello world", "live", "captions"),
        session.confirmed().stream().map(Caption::text).toList());
  }

  @Test
  void wholeRepeatWithAnotherWordAndEarlierTimesIsDroppedAndCounted() {
    CapturingOutbound out = join(null, false);
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    assertEquals(
        false,
        accept(finalOf("s", 0, 0, List.of(word("hullo", 0.0, 0.32), word("word", 0.40, 0.88)))));
    accept(finalOf("s", 0, 1, LIVE));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "segment hello[0-400] world[480-960] @0:960",
            "segment live[1200-1600] @0:1600"),
        summary(out));
    assertEquals(1, session.summary().duplicatesDropped());
  }

  @Test
  void tailRecomputedWithOtherSegmentBoundariesGivesEachWordOnce() {
    CapturingOutbound out = join(null, false);
    accept(
        finalOf(
            "s",
            0,
            0,
            List.of(word("a", 0.0, 0.40), word("b", 0.48, 0.88), word("c", 0.96, 1.36))));
    accept(finalOf("s", 0, 1, List.of(word("d", 1.60, 2.00), word("e", 2.08, 2.48))));
    accept(finalOf("s", 0, 0, List.of(word("a", 0.08, 0.48), word("b", 0.56, 0.96))));
    accept(
        finalOf(
            "s",
            0,
            1,
            List.of(
                word("c", 1.04, 1.44),
                word("d", 1.68, 2.08),
                word("e", 2.16, 2.56),
                word("f", 2.64, 3.04))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "segment a[0-400] b[480-880] c[960-1360] @0:1360",
            "segment d[1600-2000] e[2080-2480] @0:2480",
            "segment f[2640-3040] @0:3040"),
        summary(out));
    assertEquals(1, session.summary().duplicatesDropped());
  }

  @Test
  void partialsBeforeTheFrontierAreDroppedAndStraddlingOnesTrimmed() {
    CapturingOutbound out = join(null, true);
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    assertEquals(false, accept(partialOf("s", 0, 0, 3, List.of(word("world", 0.56, 1.04)))));
    accept(partialOf("s", 0, 1, 1, List.of(word("world", 0.56, 1.04), word("live", 1.28, 1.68))));
    assertEquals(
        false,
        accept(
            partialOf("s", 0, 1, 1, List.of(word("world", 0.56, 1.04), word("live", 1.28, 1.68)))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "segment hello[0-400] world[480-960] @0:960",
            "partial live[1280-1680]"),
        summary(out));
    JsonNode partial = parse(out.sent.get(2));
    assertEquals("live", partial.get("text").asText());
    assertEquals(false, partial.has("cursor"));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:960 count=1 complete=true",
            "segment hello[0-400] world[480-960] @0:960",
            "partial live[1280-1680]"),
        summary(join(null, true)));
  }

  @Test
  void startedOfTheSameRunAfterItsEndChangesNothingAndAHigherRunStartsAfresh() {
    CapturingOutbound out = join(null, false);
    accept(Events.status("s", SessionState.STARTED, 0));
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(Events.status("s", SessionState.ENDED, 1.0));
    // A recovery from before the session's start re-delivers all of run 0.
    assertEquals(false, accept(Events.status("s", SessionState.STARTED, 0)));
    assertEquals(false, accept(finalOf("s", 0, 0, HELLO_WORLD)));
    assertEquals(false, accept(Events.status("s", SessionState.ENDED, 1.0)));
    assertEquals(List.of("hello world"), session.confirmed().stream().map(Caption::text).toList());
    assertEquals("ENDED", session.summary().state());

    // The id reused for a new session: run 1, audio time from 0 again.
    accept(inRun(1, Events.status("s", SessionState.STARTED, 0)));
    accept(finalOf("s", 1, 0, List.of(word("again", 0.0, 0.40))));
    assertEquals(false, accept(finalOf("s", 0, 1, List.of(word("late", 5.0, 5.40)))));
    assertEquals(
        List.of(
            "hello run=null cursor=null count=0 complete=true",
            "session STARTED run=0",
            "segment hello[0-400] world[480-960] @0:960",
            "session ENDED run=0",
            "session STARTED run=1",
            "segment again[0-400] @1:400"),
        summary(out));
    assertEquals(
        List.of("hello run=1 cursor=1:400 count=1 complete=true", "segment again[0-400] @1:400"),
        summary(join(null, false)));
    assertEquals(4, session.summary().duplicatesDropped());
    assertEquals(1L, session.summary().run());
  }

  @Test
  void startedOfTheRunningRunIsForwardedWithoutResetOrReplay() {
    accept(Events.status("s", SessionState.STARTED, 0));
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    CapturingOutbound out = join(null, false);
    accept(Events.status("s", SessionState.STARTED, 0.9)); // new settings mid-session
    accept(finalOf("s", 0, 1, LIVE));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:960 count=1 complete=true",
            "segment hello[0-400] world[480-960] @0:960",
            "session STARTED run=0",
            "segment live[1200-1600] @0:1600"),
        summary(out));
  }

  @Test
  void afterACursorResumesStrictlyAfterIt() {
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(finalOf("s", 0, 1, LIVE));
    accept(finalOf("s", 0, 2, List.of(word("captions", 1.76, 2.24))));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:2240 count=2 complete=true",
            "segment live[1200-1600] @0:1600",
            "segment captions[1760-2240] @0:2240"),
        summary(join("0:960", false)));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:2240 count=1 complete=true",
            "segment captions[1760-2240] @0:2240"),
        summary(join("0:1700", false)));
    assertEquals(
        List.of("hello run=0 cursor=0:2240 count=0 complete=true"), summary(join("0:2240", false)));
    assertEquals("0:960", parse(join("0:960", false).sent.get(0)).get("after").asText(), "echoed");
    // Deprecated: a plain number is a sequence of the current run.
    CapturingOutbound bySequence = join("1", false);
    assertEquals(
        List.of(
            "hello run=0 cursor=0:2240 count=1 complete=true",
            "segment captions[1760-2240] @0:2240"),
        summary(bySequence));
    assertEquals(1, parse(bySequence.sent.get(0)).get("after").asLong());

    accept(inRun(1, Events.status("s", SessionState.STARTED, 0)));
    accept(finalOf("s", 1, 0, List.of(word("again", 0.0, 0.40))));
    assertEquals(
        List.of("hello run=1 cursor=1:400 count=1 complete=true", "segment again[0-400] @1:400"),
        summary(join("0:2240", false)),
        "a cursor of an earlier run gets the whole current run");
  }

  @Test
  void helloSaysWhenSegmentsAfterTheCursorFellOutOfTheBoundedHistory() {
    session = new LiveSession("s", 2, 0);
    accept(finalOf("s", 0, 0, HELLO_WORLD));
    accept(finalOf("s", 0, 1, LIVE));
    accept(finalOf("s", 0, 2, List.of(word("captions", 1.76, 2.24))));
    assertEquals(
        List.of(
            "hello run=0 cursor=0:2240 count=2 complete=false",
            "segment live[1200-1600] @0:1600",
            "segment captions[1760-2240] @0:2240"),
        summary(join(null, false)));
    assertEquals(
        "hello run=0 cursor=0:2240 count=2 complete=true", summary(join("0:960", false)).get(0));
  }

  @Test
  void aSinkStartingMidSessionTakesTheRunOfTheFirstEventItReads() {
    accept(finalOf("s", 2, 4, List.of(word("midway", 30.0, 30.40))));
    assertEquals(false, accept(finalOf("s", 1, 9, List.of(word("older", 40.0, 40.40)))));
    accept(inRun(2, Events.status("s", SessionState.STARTED, 0)));
    accept(finalOf("s", 2, 5, List.of(word("onwards", 30.48, 30.88))));
    assertEquals(
        List.of(
            "hello run=2 cursor=2:30880 count=2 complete=true",
            "segment midway[30000-30400] @2:30400",
            "segment onwards[30480-30880] @2:30880"),
        summary(join(null, false)));
    assertEquals("LIVE", session.summary().state());
  }

  @Test
  void aSegmentWithoutWordsIsRejectedWithItsId() {
    SubtitleSegment empty =
        SubtitleSegment.newBuilder((SubtitleSegment) finalOf("s", 0, 0, HELLO_WORLD).getEvent())
            .setSegmentId("s/0/0")
            .setWords(List.of())
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> session.accept(empty, 0, 1000));
    assertEquals("segment s/0/0 has no words", e.getMessage());
  }

  @Test
  void badAfterValuesAreNamed() {
    assertEquals(
        "after must be a cursor like 0:168750 (or a sequence number), got 'abc'",
        assertThrows(IllegalArgumentException.class, () -> ResumePoint.parse("abc")).getMessage());
    assertEquals(
        "a cursor is '<run>:<end in ms>' (e.g. 0:168750), got '0:x'",
        assertThrows(IllegalArgumentException.class, () -> ResumePoint.parse("0:x")).getMessage());
  }
}
