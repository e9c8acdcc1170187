package io.captionflow.sink.session;

import static java.util.Collections.nCopies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.sink.CapturingOutbound;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.fanout.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Whatever point a job fails at and whatever checkpoint it recovers from, with recomputed times
 * moved by up to two frames, other words and other segment boundaries, a subscriber sees every word
 * of every run exactly once and in order, and a late joiner (or a sink rebuilding from the topic)
 * the last run's words. The final words sent ahead of their segments come once each, in order, too.
 */
class LiveSessionRecoveryTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterProperty
  void stop() {
    scheduler.shutdownNow();
  }

  @Property(tries = 200)
  void everyWordOnceInOrderNoneLost(@ForAll("scenarios") RecoveryScenario scenario) {
    check(scenario);
  }

  /** Words of 2 frames and more, the whole recomputed run moved by one frame either way. */
  @Property(tries = 200)
  void shortWordsMovedByAFrameComeOnceToo(@ForAll("shiftedByAFrame") RecoveryScenario scenario) {
    check(scenario);
  }

  private void check(RecoveryScenario scenario) {
    LiveSession live = new LiveSession(RecoveryScenario.SESSION, 10_000, 0);
    CapturingOutbound watcher = join(live);
    List<TranscriptEvent> topic = scenario.topic();
    topic.forEach(e -> live.accept(e.getEvent(), e.getRun(), 1000));

    List<List<Word>> expected = scenario.expectedWordsByRun();
    assertEquals(
        expected.stream().flatMap(List::stream).map(LiveSessionRecoveryTest::describe).toList(),
        wordsOf(watcher),
        "topic: " + RecoveryScenario.describe(topic));
    assertEquals(
        scenario.expectedFinalWordsByRun().stream()
            .flatMap(List::stream)
            .map(LiveSessionRecoveryTest::describe)
            .toList(),
        wordsOf(watcher, "words"),
        "final words; topic: " + RecoveryScenario.describe(topic));
    List<Cursor> cursors = cursorsOf(watcher);
    for (int i = 1; i < cursors.size(); i++) {
      assertTrue(cursors.get(i - 1).compareTo(cursors.get(i)) < 0, "cursors " + cursors);
    }

    List<String> lastRun =
        expected.get(expected.size() - 1).stream().map(LiveSessionRecoveryTest::describe).toList();
    assertEquals(lastRun, wordsOf(join(live)), "late joiner");
    LiveSession rebuilt = new LiveSession(RecoveryScenario.SESSION, 10_000, 0);
    topic.forEach(e -> rebuilt.accept(e.getEvent(), e.getRun(), 1000));
    assertEquals(live.confirmed(), rebuilt.confirmed(), "rebuilt from the topic");
  }

  /**
   * Words of 5 frames and more, each recomputed edge moved by -2..+2 frames, some words renamed.
   */
  @Provide
  Arbitrary<RecoveryScenario> scenarios() {
    Arbitrary<RecoveryScenario.RunScript> run =
        Arbitraries.integers()
            .between(1, 10)
            .flatMap(
                n ->
                    Combinators.combine(
                            Arbitraries.integers().between(5, 12).list().ofSize(n),
                            Arbitraries.of(0, 0, 4, 6).list().ofSize(n),
                            Arbitraries.of(true, false).list().ofSize(n),
                            Arbitraries.of(true, false).list().ofSize(n),
                            Arbitraries.integers().between(-2, 2).list().ofSize(2 * n),
                            Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false))
                                .list()
                                .ofSize(n))
                        .as(RecoveryScenario.RunScript::new));
    return withFailure(run);
  }

  @Provide
  Arbitrary<RecoveryScenario> shiftedByAFrame() {
    Arbitrary<RecoveryScenario.RunScript> run =
        Arbitraries.integers()
            .between(1, 10)
            .flatMap(
                n ->
                    Combinators.combine(
                            Arbitraries.integers().between(2, 6).list().ofSize(n),
                            Arbitraries.of(0, 0, 1, 3).list().ofSize(n),
                            Arbitraries.of(true, false).list().ofSize(n),
                            Arbitraries.of(true, false).list().ofSize(n),
                            Arbitraries.integers().between(-1, 1).map(d -> nCopies(2 * n, d)),
                            Arbitraries.just(nCopies(n, false)))
                        .as(RecoveryScenario.RunScript::new));
    return withFailure(run);
  }

  /** One to three runs, a failure after any written event, a checkpoint at or before it. */
  private static Arbitrary<RecoveryScenario> withFailure(
      Arbitrary<RecoveryScenario.RunScript> run) {
    return Combinators.combine(
            run.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 1_000_000),
            Arbitraries.integers().between(0, 1_000_000))
        .as(RecoveryScenario::new);
  }

  private CapturingOutbound join(LiveSession session) {
    CapturingOutbound out = new CapturingOutbound();
    session.subscribe(
        new Subscriber(
            RecoveryScenario.SESSION, false, out, 100_000, new FanoutStats(), scheduler, 1000),
        new ResumePoint.Everything());
    return out;
  }

  private static String describe(Word w) {
    return w.getText()
        + "["
        + Math.round(w.getStartSeconds() * 1000)
        + "-"
        + Math.round(w.getEndSeconds() * 1000)
        + "]";
  }

  private static List<JsonNode> segments(CapturingOutbound out) {
    return messages(out, "segment");
  }

  private static List<JsonNode> messages(CapturingOutbound out, String type) {
    return out.sent.stream()
        .map(LiveSessionTest::parse)
        .filter(n -> n.get("type").asText().equals(type))
        .toList();
  }

  private static List<String> wordsOf(CapturingOutbound out) {
    return wordsOf(out, "segment");
  }

  private static List<String> wordsOf(CapturingOutbound out, String type) {
    List<String> words = new ArrayList<>();
    for (JsonNode s : messages(out, type)) {
      List<String> texts = new ArrayList<>();
      for (JsonNode w : s.get("words")) {
        texts.add(w.get("text").asText());
        words.add(
            w.get("text").asText()
                + "["
                + Math.round(w.get("start").asDouble() * 1000)
                + "-"
                + Math.round(w.get("end").asDouble() * 1000)
                + "]");
      }
      assertEquals(String.join(" ", texts), s.get("text").asText(), "text rebuilt");
      assertEquals(s.get("words").get(0).get("start").asDouble(), s.get("start").asDouble());
    }
    return words;
  }

  private static List<Cursor> cursorsOf(CapturingOutbound out) {
    return segments(out).stream().map(s -> Cursor.parse(s.get("cursor").asText())).toList();
  }
}
