package io.captionflow.job.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenConfirmerTest {

  static TimedToken t(int id, String piece, double start) {
    return new TimedToken(id, piece, start, start + 0.16, 0.9f);
  }

  static TokenConfirmer.Window window(double start, double end, double pause) {
    return new TokenConfirmer.Window(
        start, end, 0.5, pause, false, Double.NEGATIVE_INFINITY, false, true);
  }

  static List<String> texts(List<ConfirmedWord> words) {
    return words.stream().map(ConfirmedWord::text).toList();
  }

  @Test
  void confirmsWholeWordsThatEndBeforeTheThreshold() {
    TokenConfirmer c = new TokenConfirmer();
    var d =
        c.decide(
            List.of(t(1, "\u2581hel", 0.4), t(2, "lo", 0.56), t(3, "\u2581world", 1.2)),
            window(0, 1.5, Double.NaN));
    assertEquals(List.of("hello"), texts(d.confirmed()));
    assertEquals(List.of("world"), texts(d.pending()));
    assertEquals(0.72, c.confirmedEndSeconds(), 1e-9);
  }

  @Test
  void aWordDecodedAgainAFrameOffIsNotDoubledAndANewOneIsNotDropped() {
    TokenConfirmer c = new TokenConfirmer();
    c.decide(List.of(t(1, "\u2581one", 0.4), t(2, "\u2581two", 0.8)), window(0, 1.6, Double.NaN));
    // the next window re-reads "two" one frame earlier and hears a new word right after it
    var d =
        c.decide(
            List.of(t(1, "\u2581one", 0.4), t(2, "\u2581two", 0.72), t(3, "\u2581three", 0.96)),
            window(0, 2.0, Double.NaN));
    assertEquals(List.of("three"), texts(d.confirmed()));
  }

  @Test
  void theTailOfAConfirmedWordCutByTheWindowStartIsNotASecondWord() {
    TokenConfirmer c = new TokenConfirmer();
    c.decide(List.of(t(4, "\u2581every", 39.68)), window(35.0, 40.4, 39.9));
    // the next window starts at 40.00, inside the word's sound: the decoder hears an onset there
    var d =
        c.decide(
            List.of(t(4, "\u2581every", 40.0)),
            new TokenConfirmer.Window(
                40.0, 45.0, 0.5, 40.1, false, Double.NEGATIVE_INFINITY, true, true));
    assertEquals(List.of(), texts(d.confirmed()));
  }

  @Test
  void aPauseConfirmsRightAwayAndLookaheadNeedsTheNextWord() {
    TokenConfirmer c = new TokenConfirmer();
    var d = c.decide(List.of(t(1, "\u2581one", 1.0)), window(0, 1.3, 1.2));
    assertEquals(List.of("one"), texts(d.confirmed()));

    TokenConfirmer lookahead = new TokenConfirmer();
    var w =
        new TokenConfirmer.Window(
            0, 3.0, 0.5, Double.NaN, true, Double.NEGATIVE_INFINITY, false, true);
    d = lookahead.decide(List.of(t(1, "\u2581one", 1.0), t(2, "\u2581two", 1.4)), w);
    assertEquals(List.of("one"), texts(d.confirmed()));
    assertEquals(List.of("two"), texts(d.pending()));
  }

  @Test
  void wordsAboutToLeaveTheBufferAreForcedAndFlushConfirmsAll() {
    TokenConfirmer c = new TokenConfirmer();
    var d =
        c.decide(
            List.of(t(1, "\u2581one", 0.1), t(2, "\u2581two", 2.9)),
            new TokenConfirmer.Window(0, 3.0, 5.0, Double.NaN, false, 0.5, false, true));
    assertEquals(List.of("one"), texts(d.confirmed()));
    d =
        c.decide(
            List.of(t(2, "\u2581two", 2.9)),
            new TokenConfirmer.Window(0, 3.0, 5.0, Double.NaN, false, 0, true, true));
    assertEquals(List.of("two"), texts(d.confirmed()));
  }
}
