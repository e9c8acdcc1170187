package io.captionflow.diarization.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DerScorerTest {

  private static final double EPS = 1e-9;

  private static SpeakerTurn t(double start, double end, String speaker) {
    return new SpeakerTurn("f", 1, start, end, speaker);
  }

  @Test
  void relabelledPerfectHypothesisHasNoError() {
    List<SpeakerTurn> ref = List.of(t(0, 10, "A"), t(10, 20, "B"), t(25, 30, "A"));
    List<SpeakerTurn> hyp = List.of(t(0, 10, "s1"), t(10, 20, "s0"), t(25, 30, "s1"));
    DerResult r = new DerScorer(0).score(ref, hyp);
    assertEquals(25.0, r.scoredSpeech(), EPS);
    assertEquals(0.0, r.der(), EPS);
    assertEquals(Map.of("s1", "A", "s0", "B"), r.speakerMapping());
  }

  @Test
  void lateSpeakerChangeIsConfusion() {
    // ref A 0-10, B 10-20; hyp X 0-12, Y 12-20. X->A, Y->B. During 10-12 B talks but X (=A) is
    // labelled.
    // scored = 20, confusion = 2, DER = 2/20 = 0.1
    DerResult r =
        new DerScorer(0)
            .score(List.of(t(0, 10, "A"), t(10, 20, "B")), List.of(t(0, 12, "X"), t(12, 20, "Y")));
    assertEquals(20.0, r.scoredSpeech(), EPS);
    assertEquals(0.0, r.missed(), EPS);
    assertEquals(0.0, r.falseAlarm(), EPS);
    assertEquals(2.0, r.confusion(), EPS);
    assertEquals(0.1, r.der(), EPS);
  }

  @Test
  void collarRemovesTimeAroundEachReferenceBoundary() {
    // Same turns, collar 0.5 s on each side of the reference boundaries 0, 10 (twice), 20:
    // excluded [0,0.5] (nothing before 0), [9.5,10.5], [19.5,20] -> scored = 9 + 9 = 18
    // confusion now only 10.5-12 = 1.5; DER = 1.5/18 = 0.083333...
    DerResult r =
        new DerScorer(0.5)
            .score(List.of(t(0, 10, "A"), t(10, 20, "B")), List.of(t(0, 12, "X"), t(12, 20, "Y")));
    assertEquals(18.0, r.scoredSpeech(), EPS);
    assertEquals(1.5, r.confusion(), EPS);
    assertEquals(1.5 / 18.0, r.der(), EPS);
  }

  @Test
  void shiftedTurnGivesMissAndFalseAlarm() {
    // ref A 0-10; hyp X 2-12: missed 0-2 = 2, false alarm 10-12 = 2, DER = (2+2)/10 = 0.4
    DerResult r = new DerScorer(0).score(List.of(t(0, 10, "A")), List.of(t(2, 12, "X")));
    assertEquals(2.0, r.missed(), EPS);
    assertEquals(2.0, r.falseAlarm(), EPS);
    assertEquals(0.0, r.confusion(), EPS);
    assertEquals(0.4, r.der(), EPS);
  }

  @Test
  void overlapCountsEverySpeaker() {
    // ref A 0-10, B 5-15 (overlap 5-10); hyp X 0-15 alone.
    // scored = 10 + 10 = 20. 5-10: 2 ref vs 1 hyp -> missed 5.
    // X maps to A or B (10 s matched either way); the other 5 s X talks alone as the wrong speaker
    // -> confusion 5.
    // DER = (5 + 0 + 5) / 20 = 0.5
    DerResult r =
        new DerScorer(0).score(List.of(t(0, 10, "A"), t(5, 15, "B")), List.of(t(0, 15, "X")));
    assertEquals(20.0, r.scoredSpeech(), EPS);
    assertEquals(5.0, r.missed(), EPS);
    assertEquals(0.0, r.falseAlarm(), EPS);
    assertEquals(5.0, r.confusion(), EPS);
    assertEquals(0.5, r.der(), EPS);
  }

  @Test
  void mappingIsOptimalWhereGreedyIsNot() {
    // ref A 0-9, B 9-13, C 13-14; hyp X 0-5 and 9-13, Y 5-9, Z 13-14.
    // matched: A-X 5, A-Y 4, B-X 4, C-Z 1. Greedy (A-X first) matches 5+1 = 6;
    // optimal Y->A, X->B, Z->C matches 4+4+1 = 9. One speaker on each side everywhere:
    // confusion = 14 - 9 = 5, DER = 5/14.
    List<SpeakerTurn> ref = List.of(t(0, 9, "A"), t(9, 13, "B"), t(13, 14, "C"));
    List<SpeakerTurn> hyp = List.of(t(0, 5, "X"), t(5, 9, "Y"), t(9, 13, "X"), t(13, 14, "Z"));
    DerResult r = new DerScorer(0).score(ref, hyp);
    assertEquals(5.0, r.confusion(), EPS);
    assertEquals(5.0 / 14.0, r.der(), EPS);
    assertEquals(Map.of("X", "B", "Y", "A", "Z", "C"), r.speakerMapping());
  }

  @Test
  void moreHypothesisSpeakersThanReference() {
    // ref A 0-10; hyp X 0-6, Y 6-10: X->A matches 6; Y is unmapped -> confusion 4, DER = 4/10
    DerResult r =
        new DerScorer(0).score(List.of(t(0, 10, "A")), List.of(t(0, 6, "X"), t(6, 10, "Y")));
    assertEquals(4.0, r.confusion(), EPS);
    assertEquals(0.4, r.der(), EPS);
    assertEquals(Map.of("X", "A"), r.speakerMapping());
  }

  @Test
  void filesAreScoredSeparatelyAndSummed() {
    // file f: perfect (10 s); file g: ref A 0-10, no hypothesis -> missed 10. DER = 10 / 20 = 0.5
    List<SpeakerTurn> ref = List.of(t(0, 10, "A"), new SpeakerTurn("g", 1, 0, 10, "A"));
    List<SpeakerTurn> hyp = List.of(t(0, 10, "X"));
    DerResult r = new DerScorer(0).score(ref, hyp);
    assertEquals(20.0, r.scoredSpeech(), EPS);
    assertEquals(10.0, r.missed(), EPS);
    assertEquals(0.5, r.der(), EPS);
  }

  @Test
  void negativeCollarIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DerScorer(-0.1));
    assertEquals("collar must be a finite number of seconds >= 0, got -0.1", e.getMessage());
  }
}
