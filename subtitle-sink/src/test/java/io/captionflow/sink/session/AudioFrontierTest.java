package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioFrontierTest {

  private static CaptionWord word(String text, double start, double end) {
    return new CaptionWord(text, start, end, 0.9f, null);
  }

  @Test
  void beforeAnyDeliveryEveryWordIsUnseen() {
    List<CaptionWord> words = List.of(word("a", 0.0, 0.0), word("b", 0.0, 0.4));
    assertEquals(words, new AudioFrontier().unseen(words));
  }

  @Test
  void aWordIsARepeatWhenItsMiddleLiesBeforeTheEndOfTheLatestDeliveredWord() {
    AudioFrontier frontier = new AudioFrontier();
    frontier.advance(List.of(word("a", 0.0, 0.4), word("b", 0.48, 0.96)));
    List<CaptionWord> recomputed =
        List.of(
            word("b", 0.64, 1.12), // two frames late: middle 0.88 < 0.96
            word("c", 0.96, 1.36), // middle 1.16: new
            word("d", 0.40, 1.52)); // starts before the frontier, middle 0.96 = frontier: new
    assertEquals(recomputed.subList(1, 3), frontier.unseen(recomputed));
  }

  @Test
  void aWordEndingWithinTheFrontiersMillisecondIsARepeatSoCursorsStrictlyIncrease() {
    AudioFrontier frontier = new AudioFrontier();
    frontier.advance(List.of(word("a", 0.0, 0.96)));
    assertEquals(
        List.of(), frontier.unseen(List.of(word("blip", 0.96, 0.9604), word("zero", 0.96, 0.96))));
  }

  @Test
  void theFrontierNeverMovesBack() {
    AudioFrontier frontier = new AudioFrontier();
    frontier.advance(List.of(word("long", 0.0, 2.0), word("early", 0.5, 1.0)));
    assertEquals(List.of(), frontier.unseen(List.of(word("x", 1.0, 2.8))));
    assertEquals(1, frontier.unseen(List.of(word("y", 1.2, 2.8))).size());
  }

  @Test
  void aShortWordMovedLaterIsStillTheSameWordWhenItsTextMatches() {
    AudioFrontier frontier = new AudioFrontier();
    frontier.advance(List.of(word("live", 1.36, 1.52), word("captions", 1.84, 2.00)));
    // One frame later, "captions" has its middle on the frontier; "for" is new audio moved earlier.
    List<CaptionWord> recomputed =
        List.of(word("captions", 1.92, 2.08), word("for", 1.92, 2.08), word("CAPTIONS", 2.0, 2.16));
    assertEquals(List.of(recomputed.get(1)), frontier.unseen(recomputed));
    // The same text three frames on is a word said again.
    assertEquals(1, frontier.unseen(List.of(word("captions", 2.08, 2.24))).size());
  }
}
