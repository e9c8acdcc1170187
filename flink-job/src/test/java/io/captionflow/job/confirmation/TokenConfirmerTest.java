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
  void wordsAboutToLeaveTheBufferAreForcedIfSeenTwiceAndFlushConfirmsAll() {
    TokenConfirmer c = new TokenConfirmer(2);
    var noForce =
        new TokenConfirmer.Window(
            0, 2.8, 5.0, Double.NaN, false, Double.NEGATIVE_INFINITY, false, true);
    c.decide(List.of(t(1, "\u2581one", 0.1)), noForce);
    var d =
        c.decide(
            List.of(t(1, "\u2581one", 0.1), t(2, "\u2581two", 2.9)),
            new TokenConfirmer.Window(0, 3.0, 5.0, Double.NaN, false, 0.5, false, true));
    assertEquals(List.of("one"), texts(d.confirmed()));
    assertEquals(1, d.forcedOut());
    d =
        c.decide(
            List.of(t(2, "\u2581two", 2.9)),
            new TokenConfirmer.Window(0, 3.0, 5.0, Double.NaN, false, 0, true, true));
    assertEquals(List.of("two"), texts(d.confirmed()));
  }

  @Test
  void aWordHeardOnlyOnceIsDroppedWhenItLeavesTheBuffer() {
    TokenConfirmer c = new TokenConfirmer(2);
    c.decide(
        List.of(t(2, "\u2581two", 1.0)),
        new TokenConfirmer.Window(
            0, 2.8, 5.0, Double.NaN, false, Double.NEGATIVE_INFINITY, false, true));
    var d =
        c.decide(
            List.of(t(9, "\u2581uh", 0.2), t(2, "\u2581two", 1.0)),
            new TokenConfirmer.Window(0, 3.0, 5.0, Double.NaN, false, 0.5, false, true));
    assertEquals(List.of(), texts(d.confirmed()));
    assertEquals(1, d.droppedAtEdge());
    assertEquals(List.of("two"), texts(d.pending()));
  }

  @Test
  void withAgreementAWordIsConfirmedOnlyOnceTwoHypothesesAgree() {
    TokenConfirmer c = new TokenConfirmer(2);
    // first hypothesis: "captions" cut short at the window edge, and a flicker after it
    var d =
        c.decide(
            List.of(t(1, "\u2581cap", 0.4), t(9, "\u2581uh", 0.8)), window(0, 1.6, Double.NaN));
    assertEquals(List.of(), texts(d.confirmed()));
    // second: the whole word one frame later, no flicker: nothing agreed yet
    d = c.decide(List.of(t(1, "\u2581cap", 0.48), t(2, "tions", 0.64)), window(0, 1.8, Double.NaN));
    assertEquals(List.of(), texts(d.confirmed()));
    assertEquals(2, d.revised());
    // third agrees with the second within a frame: confirmed, with the latest times
    d = c.decide(List.of(t(1, "\u2581cap", 0.40), t(2, "tions", 0.56)), window(0, 2.0, Double.NaN));
    assertEquals(List.of("captions"), texts(d.confirmed()));
    assertEquals(0.40, d.confirmed().get(0).startSeconds(), 1e-9);
    assertEquals(0.72, d.confirmed().get(0).endSeconds(), 1e-9);
  }

  @Test
  void aConfirmedWordNeverOverlapsTheOneBefore() {
    TokenConfirmer c = new TokenConfirmer(1);
    c.decide(List.of(t(1, "\u2581one", 0.4)), window(0, 1.5, Double.NaN));
    // the next decode puts the following word one frame into "one": its start is clamped
    var d =
        c.decide(
            List.of(t(1, "\u2581one", 0.4), t(3, "\u2581three", 0.50)), window(0, 1.6, Double.NaN));
    assertEquals(List.of("three"), texts(d.confirmed()));
    assertEquals(0.56, d.confirmed().get(0).startSeconds(), 1e-9);
  }

  @Test
  void aLonePieceOfAConfirmedWordIsNotASecondWord() {
    TokenConfirmer c = new TokenConfirmer(1);
    c.decide(List.of(t(1, "\u2581cap", 0.4)), window(0, 1.5, Double.NaN));
    var d = c.decide(List.of(t(2, "tions", 0.56)), window(0, 1.8, Double.NaN));
    assertEquals(List.of(), texts(d.confirmed()));
    assertEquals(List.of(), texts(d.pending()));
  }
}
