package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.edge.metrics.PrometheusText;
import io.captionflow.schema.SessionState;
import io.captionflow.sink.CapturingOutbound;
import io.captionflow.sink.Events;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.fanout.Subscriber;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final SessionRegistry registry = new SessionRegistry(3);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private CapturingOutbound join(String session, String after, boolean partials) {
    CapturingOutbound out = new CapturingOutbound();
    registry.subscribe(
        session,
        new Subscriber(session, partials, out, 100, new FanoutStats(), scheduler, 1000),
        ResumePoint.parse(after));
    return out;
  }

  private static List<String> summary(CapturingOutbound out) {
    return out.sent.stream()
        .map(SessionRegistryTest::parse)
        .map(
            n -> {
              String type = n.get("type").asText();
              return switch (type) {
                case "segment", "partial" -> type + ":" + n.get("id").asText();
                case "hello" ->
                    "hello:after="
                        + n.get("after").asText()
                        + ",count="
                        + n.get("historyCount").asInt()
                        + ",complete="
                        + n.get("historyComplete").asBoolean();
                case "speech" -> "speech:" + n.get("speaking").asBoolean();
                default -> type + ":" + n.get("state").asText();
              };
            })
        .toList();
  }

  private static JsonNode parse(String json) {
    try {
      return WireMessages.JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void lateJoinerGetsBoundedHistoryThenLiveWithoutGapOrDuplicate() {
    for (int i = 0; i < 5; i++) {
      registry.accept(Events.finalSegment("s", i, "line " + i, 0), 1000);
    }
    CapturingOutbound late = join("s", null, false);
    registry.accept(Events.finalSegment("s", 5, "line 5", 0), 1000);
    assertEquals(
        List.of(
            "hello:after=null,count=3,complete=false",
            "segment:s/0/8000",
            "segment:s/0/12000",
            "segment:s/0/16000",
            "segment:s/0/20000"),
        summary(late));
  }

  @Test
  void reconnectWithAfterGetsOnlyWhatItMissed() {
    for (int i = 0; i < 3; i++) {
      registry.accept(Events.finalSegment("s", i, "line " + i, null), 1000);
    }
    // Segment 1 ("line 1": 4.0 s and 4.4 s, 0.35 s each) ends at 4.75 s: its cursor is 0:4750.
    CapturingOutbound back = join("s", "0:4750", false);
    assertEquals(
        List.of("hello:after=0:4750,count=1,complete=true", "segment:s/0/8000"), summary(back));
    CapturingOutbound upToDate = join("s", "0:8750", false);
    assertEquals(List.of("hello:after=0:8750,count=0,complete=true"), summary(upToDate));
    CapturingOutbound bySequence = join("s", "1", false);
    assertEquals(
        List.of("hello:after=1,count=1,complete=true", "segment:s/0/8000"), summary(bySequence));
  }

  @Test
  void redeliveredFinalsAreDroppedAndCounted() {
    CapturingOutbound out = join("s", null, false);
    registry.accept(Events.finalSegment("s", 0, "hello there", 1), 1000);
    registry.accept(Events.finalSegment("s", 1, "general", 1), 1000);
    registry.accept(Events.finalSegment("s", 0, "hello there", 1), 1000); // recovered job replays
    registry.accept(Events.finalSegment("s", 1, "general", 1), 1000);
    registry.accept(Events.finalSegment("s", 2, "kenobi", 1), 1000);
    assertEquals(
        List.of(
            "hello:after=null,count=0,complete=true",
            "segment:s/0/0",
            "segment:s/0/4000",
            "segment:s/0/8000"),
        summary(out));
    assertEquals(2, registry.duplicatesDropped());
    assertEquals(3, registry.find("s").orElseThrow().confirmed().size());
  }

  @Test
  void partialsGoOnlyToThoseWhoAskedAndStalePartialsAreDropped() {
    CapturingOutbound plain = join("s", null, false);
    CapturingOutbound withPartials = join("s", null, true);
    registry.accept(Events.partial("s", 0, 1, "hel"), 1000);
    registry.accept(Events.partial("s", 0, 1, "hel"), 1000); // same revision again
    registry.accept(Events.partial("s", 0, 2, "hello"), 1000);
    registry.accept(Events.finalSegment("s", 0, "hello world", null), 1000);
    registry.accept(Events.partial("s", 0, 3, "hello world"), 1000); // late: already final
    registry.accept(Events.speech("s", false, 2.0), 1000);
    assertEquals(
        List.of("hello:after=null,count=0,complete=true", "segment:s/0/0", "speech:false"),
        summary(plain));
    assertEquals(
        List.of(
            "hello:after=null,count=0,complete=true",
            "partial:s/0/0/p1",
            "partial:s/0/0/p2",
            "segment:s/0/0",
            "speech:false"),
        summary(withPartials));
  }

  @Test
  void joinerWithPartialsGetsTheCurrentPartialAfterHistory() {
    registry.accept(Events.finalSegment("s", 0, "one", null), 1000);
    registry.accept(Events.partial("s", 1, 1, "tw"), 1000);
    assertEquals(
        List.of("hello:after=null,count=1,complete=true", "segment:s/0/0", "partial:s/0/4000/p1"),
        summary(join("s", null, true)));
    assertEquals(
        List.of("hello:after=null,count=1,complete=true", "segment:s/0/0"),
        summary(join("s", null, false)));
  }

  @Test
  void sessionIdReusedInANewRunStartsAfreshButARedeliveredStartDoesNot() {
    registry.accept(Events.status("s", SessionState.STARTED, 0), 1000);
    registry.accept(Events.finalSegment("s", 0, "first life", null), 1000);
    registry.accept(Events.status("s", SessionState.STARTED, 0), 1000);
    registry.accept(Events.finalSegment("s", 0, "first life", null), 1000);
    assertEquals(1, registry.find("s").orElseThrow().confirmed().size());
    registry.accept(Events.status("s", SessionState.ENDED, 5), 1000);
    registry.accept(Events.status("s", SessionState.STARTED, 0), 1000); // re-delivered
    assertEquals("ENDED", registry.find("s").orElseThrow().summary().state());
    registry.accept(Events.inRun(1, Events.status("s", SessionState.STARTED, 0)), 2000);
    registry.accept(Events.inRun(1, Events.finalSegment("s", 0, "second life", null)), 2000);
    List<Caption> confirmed = registry.find("s").orElseThrow().confirmed();
    assertEquals(List.of("second life"), confirmed.stream().map(Caption::text).toList());
    assertEquals(2, registry.duplicatesDropped());
  }

  @Test
  void ignoredEventsAreCountedByReasonAndEachCompletedEnhancementsErrorRateObserved() {
    registry.accept(Events.status("s", SessionState.STARTED, 0), 1000);
    registry.accept(Events.finalSegment("s", 0, "good evening everyone", null), 1000);
    registry.accept(Events.status("s", SessionState.ENDED, 2), 1000);
    registry.accept(Events.status("s", SessionState.UNKNOWN, 2), 1000);
    registry.accept(Events.enhancedSegment("s", 0, "good evening every one", null), 1000);
    registry.accept(Events.status("s", SessionState.ENHANCED, 2), 1000);
    registry.accept(Events.inRun(1, Events.status("s", SessionState.STARTED, 0)), 2000);
    registry.accept(Events.enhancedSegment("s", 0, "good evening every one", null), 2000);

    assertEquals(1, registry.ignored(EventOutcome.UNKNOWN_STATE));
    assertEquals(1, registry.ignored(EventOutcome.ENHANCED_OF_OLDER_RUN));
    assertEquals(0, registry.ignored(EventOutcome.ENHANCED_OVER_LIMIT));
    assertEquals(0, registry.duplicatesDropped());
    assertEquals(
        "APPLIED is not a reason to ignore an event",
        assertThrows(IllegalArgumentException.class, () -> registry.ignored(EventOutcome.APPLIED))
            .getMessage());
    // "everyone" for "every one": one substitution and one deletion in 4 enhanced words
    PrometheusText page = new PrometheusText();
    registry.enhancedErrorRates().writeTo(page, "rate", "help");
    assertTrue(page.toString().contains("rate_bucket{le=\"0.3\"} 0\n"), page.toString());
    assertTrue(page.toString().contains("rate_bucket{le=\"0.5\"} 1\n"), page.toString());
    assertTrue(page.toString().contains("rate_sum 0.5\n"), page.toString());
    assertEquals(1, registry.enhancedErrorRates().count());
  }

  @Test
  void idleSessionsWithoutSubscribersAreForgotten() {
    registry.accept(Events.finalSegment("old", 0, "x", null), 1_000);
    registry.accept(Events.finalSegment("recent", 0, "y", null), 100_000);
    join("watched", null, false);
    registry.forgetIdle(200_000, 150_000);
    assertEquals(
        List.of("recent", "watched"),
        registry.summaries().stream().map(SessionSummary::sessionId).toList());
    assertTrue(registry.find("old").isEmpty());
  }
}
