package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Alignment of whole-session timed transcripts, piece by piece between shared pauses. */
class TimedWordAlignmentTest {

  private static CaptionWord w(String text, double start, double end) {
    return new CaptionWord(text, start, end, 0.9f, null);
  }

  /** Words of {@code text} from {@code start}, 0.3 s each, 0.1 s apart. */
  private static List<CaptionWord> said(String text, double start) {
    List<CaptionWord> words = new ArrayList<>();
    double t = start;
    for (String token : text.split(" ")) {
      words.add(w(token, t, t + 0.3));
      t += 0.4;
    }
    return words;
  }

  private static List<CaptionWord> concat(List<CaptionWord> a, List<CaptionWord> b) {
    List<CaptionWord> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> texts(List<CaptionWord> words) {
    return words.stream().map(CaptionWord::text).toList();
  }

  @Test
  void withoutASharedPauseItIsTheWholeAlignment() {
    List<CaptionWord> enhanced = said("hello world live captions for everyone", 0);
    List<CaptionWord> live = said("hello word captions for everyone today too", 0.04);
    assertArrayEquals(new double[0], TimedWordAlignment.cuts(enhanced, live));
    assertEquals(new WordAlignment(6, 1, 2, 1), TimedWordAlignment.of(enhanced, live));
  }

  @Test
  void piecesBetweenSharedPausesAreAlignedApartAndSummed() {
    // "good evening" 0.0-0.7, pause, "and welcome" from 3.0; the live words are 0.08 s late
    List<CaptionWord> enhanced = concat(said("good evening", 0), said("and welcome", 3.0));
    List<CaptionWord> live = concat(said("good evening", 0.08), said("and well come", 3.08));
    assertArrayEquals(new double[] {(0.78 + 3.0) / 2}, TimedWordAlignment.cuts(enhanced, live));
    assertEquals(new WordAlignment(4, 1, 1, 0), TimedWordAlignment.of(enhanced, live));
  }

  @Test
  void aWordCannotMatchAcrossAPauseBothShare() {
    // the same word, but 1.7 s apart: one deletion and one insertion, not a match
    List<CaptionWord> enhanced = List.of(w("yes", 0.0, 0.3));
    List<CaptionWord> live = List.of(w("yes", 2.0, 2.3));
    assertEquals(new WordAlignment(1, 0, 1, 1), TimedWordAlignment.of(enhanced, live));
    assertEquals(new WordAlignment(1, 0, 0, 0), WordAlignment.of(List.of("yes"), List.of("yes")));
  }

  @Test
  void continuousSpeechIsCutAtAWordBoundaryOnceAPieceIsFull() {
    List<CaptionWord> words = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      words.add(w("w" + (i % 7), i * 0.25, i * 0.25 + 0.25)); // back to back: no pause at all
    }
    // both transcripts' 6000 words in pieces of 2000: after every 1000th word of each
    double[] cuts = TimedWordAlignment.cuts(words, words);
    assertEquals(2, cuts.length);
    assertEquals(250.0, cuts[0]);
    assertEquals(500.0, cuts[1]);
    assertEquals(new WordAlignment(3000, 0, 0, 0), TimedWordAlignment.of(words, words));
  }

  @Test
  void wordsThatAllOverlapAreCutInsideOnceAPieceHoldsTwiceTheLimit() {
    List<CaptionWord> words = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      words.add(w("w", i * 0.1, i * 0.1 + 1.0)); // each word still sounds when the next begins
    }
    double[] cuts = TimedWordAlignment.cuts(words, List.of());
    assertEquals(1, cuts.length);
    assertEquals(400.0, cuts[0], 1e-9, "at the 4001st word's start");
  }

  @Property(tries = 150)
  void piecesCountEveryWordAndNeverBeatTheWholeAlignment(
      @ForAll @Size(max = 25) List<@IntRange(min = 0, max = 4) Integer> enhancedTokens,
      @ForAll @Size(max = 25) List<@IntRange(min = 0, max = 15) Integer> enhancedGaps,
      @ForAll @Size(max = 25) List<@IntRange(min = 0, max = 4) Integer> liveTokens,
      @ForAll @Size(max = 25) List<@IntRange(min = 0, max = 15) Integer> liveGaps) {
    List<CaptionWord> enhanced = timed(enhancedTokens, enhancedGaps);
    List<CaptionWord> live = timed(liveTokens, liveGaps);
    WordAlignment pieces = TimedWordAlignment.of(enhanced, live);
    assertEquals(enhanced.size(), pieces.referenceWords());
    int matched = enhanced.size() - pieces.substitutions() - pieces.deletions();
    assertEquals(live.size(), matched + pieces.substitutions() + pieces.insertions());
    WordAlignment whole = WordAlignment.of(texts(enhanced), texts(live));
    assertTrue(pieces.errors() >= whole.errors(), pieces + " below " + whole);
    assertEquals(0, TimedWordAlignment.of(enhanced, enhanced).errors());
  }

  /** Token i as word "wi", each 0.3 s long after a gap of the given tenths of a second. */
  private static List<CaptionWord> timed(List<Integer> tokens, List<Integer> gaps) {
    List<CaptionWord> words = new ArrayList<>();
    double t = 0;
    for (int i = 0; i < tokens.size(); i++) {
      t += (i < gaps.size() ? gaps.get(i) : 0) / 10.0;
      words.add(w("w" + tokens.get(i), t, t + 0.3));
      t += 0.3;
    }
    return words;
  }
}
