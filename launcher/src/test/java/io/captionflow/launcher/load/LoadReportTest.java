package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.TimedWord;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  private static TimedWord word(String text, double start, double end, float confidence) {
    return new TimedWord(text, start, end, confidence);
  }

  @Test
  void sameWordsComparesTextAndTimesToTheMicrosecondButNotConfidence() {
    List<TimedWord> expected = List.of(word("do", 0.0, 0.4, 1f), word("re", 0.48, 0.96, 1f));
    assertTrue(
        LoadReport.sameWords(
            expected, List.of(word("do", 0.0000005, 0.4, 0.2f), word("re", 0.48, 0.96, 0.5f))));
    assertFalse(
        LoadReport.sameWords(
            expected, List.of(word("do", 0.000002, 0.4, 1f), word("re", 0.48, 0.96, 1f))));
    assertFalse(
        LoadReport.sameWords(
            expected, List.of(word("do", 0.0, 0.4, 1f), word("mi", 0.48, 0.96, 1f))));
    assertFalse(LoadReport.sameWords(expected, expected.subList(0, 1)));
  }
}
