package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.confirmation.ConfirmedWord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpokenWordsTest {

  private static final List<ScheduledWord> SPOKEN =
      List.of(
          new ScheduledWord("hello", 0.40, 0.24),
          new ScheduledWord("world", 0.72, 0.40),
          new ScheduledWord("hello", 1.28, 0.32));

  @Test
  void aConfirmedWordEndsWhereTheSpokenWordOfTheSameTextNearestItsStartEnds() {
    SpokenWords words = new SpokenWords(SPOKEN);
    assertEquals(Optional.of(1.60), words.endOf(new ConfirmedWord("hello", 1.20, 1.28, 1f)));
    assertEquals(Optional.of(1.12), words.endOf(new ConfirmedWord("world", 0.80, 0.88, 1f)));
    assertEquals(Optional.of(0.64), words.endOf(new ConfirmedWord("hello", 0.32, 0.40, 1f)));
  }

  @Test
  void eachSpokenWordIsNamedOnceAndAWordTheAudioLacksHasNoEnd() {
    SpokenWords words = new SpokenWords(SPOKEN);
    assertEquals(Optional.of(0.64), words.endOf(new ConfirmedWord("hello", 0.40, 0.56, 1f)));
    assertEquals(Optional.empty(), words.endOf(new ConfirmedWord("hello", 0.40, 0.56, 1f)));
    assertEquals(Optional.empty(), words.endOf(new ConfirmedWord("world", 1.28, 1.36, 1f)));
    assertEquals(Optional.empty(), words.endOf(new ConfirmedWord("captions", 0.72, 0.8, 1f)));
  }
}
