package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live against enhanced, over the audio range both cover. */
class TranscriptComparisonTest {

  private static CaptionWord w(String text, double start, double end) {
    return new CaptionWord(text, start, end, 0.9f, null);
  }

  private static final List<CaptionWord> ENHANCED =
      List.of(w("one", 0.0, 0.4), w("two", 0.5, 0.9), w("three", 5.0, 5.4), w("four", 5.5, 5.9));

  @Test
  void onlyWordsWhoseMiddleLiesInTheRangeAreCompared() {
    // the live history begins at 4.9 s (older segments fell out of it): "one two" are not compared
    List<CaptionWord> live = List.of(w("three", 5.02, 5.42), w("for", 5.52, 5.92));
    TranscriptComparison c = TranscriptComparison.over(ENHANCED, live, 4.9, 6.0);
    assertEquals(new TranscriptComparison(4.9, 6.0, false, 2, new WordAlignment(2, 1, 0, 0)), c);
    assertEquals(0.5, c.alignment().errorRate());
  }

  @Test
  void theWholeTranscriptWhenTheRangeHoldsEveryEnhancedWord() {
    List<CaptionWord> live =
        List.of(w("one", 0.0, 0.4), w("two", 0.5, 0.9), w("three", 5.0, 5.4), w("more", 7, 7.2));
    // "more" at 7.1 s lies past the run's end: not compared
    TranscriptComparison c = TranscriptComparison.over(ENHANCED, live, 0, 6.0);
    assertEquals(new TranscriptComparison(0, 6.0, true, 3, new WordAlignment(4, 0, 0, 1)), c);
  }

  @Test
  void aRangeEndingBeforeItStartsIsRefused() {
    assertEquals(
        "compared range must not end before it starts: 2.0..1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new TranscriptComparison(2.0, 1.0, true, 0, new WordAlignment(0, 0, 0, 0)))
            .getMessage());
  }
}
