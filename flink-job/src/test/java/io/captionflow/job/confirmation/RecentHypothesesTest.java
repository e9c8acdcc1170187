package io.captionflow.job.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentHypothesesTest {

  private static TimedToken t(int id, double start) {
    return new TimedToken(id, "\u2581w" + id, start, start + 0.16, 0.9f);
  }

  @Test
  void aWordAgreesWithItselfMovedUpToOneFrame() {
    assertTrue(RecentHypotheses.sameWord(List.of(t(1, 1.0)), List.of(t(1, 1.08))));
    assertFalse(RecentHypotheses.sameWord(List.of(t(1, 1.0)), List.of(t(1, 1.09))));
    assertFalse(RecentHypotheses.sameWord(List.of(t(1, 1.0)), List.of(t(2, 1.0))));
  }

  @Test
  void theAgreedPrefixIsWhatTheLastKMinusOneHypothesesAllHad() {
    RecentHypotheses recent = new RecentHypotheses(3);
    List<List<TimedToken>> words = List.of(List.of(t(1, 0)), List.of(t(2, 1)), List.of(t(3, 2)));
    recent.remember(List.of(t(1, 0), t(2, 1), t(4, 2)), Double.NaN, false);
    assertEquals(0, recent.agreedPrefix(words, recent.wordsAfter(Double.NEGATIVE_INFINITY)));
    recent.remember(List.of(t(1, 0), t(2, 1), t(3, 2)), Double.NaN, false);
    assertEquals(2, recent.agreedPrefix(words, recent.wordsAfter(Double.NEGATIVE_INFINITY)));
    // words whose middle lies in settled audio are no longer compared
    assertEquals(2, recent.wordsAfter(0.5).get(0).size());
    recent.remember(List.of(), Double.NaN, true);
    assertEquals(List.of(), recent.wordsAfter(Double.NEGATIVE_INFINITY));
  }

  @Test
  void aPauseConfirmsEarlyOnlyWhenTheAgreeingHypothesesSawIt() {
    RecentHypotheses recent = new RecentHypotheses(2);
    recent.remember(List.of(), 1.0, false);
    assertTrue(recent.pauseHeardBefore(1.08));
    assertFalse(recent.pauseHeardBefore(1.09));
    recent.remember(List.of(), Double.NaN, false);
    assertFalse(recent.pauseHeardBefore(0.5));
  }
}
