package io.captionflow.sink.session;

import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link WordAlignment} of two timed transcripts of the same audio, summed over pieces cut at the
 * pauses both share: a cut falls where no word of either transcript lies for {@link
 * #PAUSE_SECONDS}, and each word goes to the piece holding its middle. Whole-session transcripts
 * (~10 000 words an hour) would need an n×m table aligned in one go; pieces keep it to {@link
 * #MAX_PIECE_WORDS}² at most. A word cannot match one across a shared pause, which a word spoken
 * there could not anyway, so the sum is the whole alignment's in practice and never below it.
 */
final class TimedWordAlignment {

  /** Silence in both transcripts at least this long separates pieces. */
  static final double PAUSE_SECONDS = 1.0;

  /**
   * Words of both transcripts in a piece before it is cut at the next word boundary of both, pause
   * or not (twice as many: cut at the next word, even inside one); bounds a piece's table to 16 MB.
   */
  static final int MAX_PIECE_WORDS = 2000;

  private TimedWordAlignment() {}

  /** Aligns {@code hypothesis} (live) against {@code reference} (enhanced). */
  static WordAlignment of(List<CaptionWord> reference, List<CaptionWord> hypothesis) {
    double[] cuts = cuts(reference, hypothesis);
    List<List<String>> refPieces = pieces(reference, cuts);
    List<List<String>> hypPieces = pieces(hypothesis, cuts);
    int referenceWords = 0;
    int substitutions = 0;
    int insertions = 0;
    int deletions = 0;
    for (int i = 0; i < refPieces.size(); i++) {
      WordAlignment piece = WordAlignment.of(refPieces.get(i), hypPieces.get(i));
      referenceWords += piece.referenceWords();
      substitutions += piece.substitutions();
      insertions += piece.insertions();
      deletions += piece.deletions();
    }
    return new WordAlignment(referenceWords, substitutions, insertions, deletions);
  }

  /** Audio times between pieces, ascending. */
  static double[] cuts(List<CaptionWord> a, List<CaptionWord> b) {
    List<CaptionWord> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    all.sort(Comparator.comparingDouble(CaptionWord::startSeconds));
    List<Double> cuts = new ArrayList<>();
    double reach = Double.NEGATIVE_INFINITY; // latest end of a word in the current piece
    int inPiece = 0;
    for (CaptionWord w : all) {
      double gap = w.startSeconds() - reach;
      boolean pause = gap >= PAUSE_SECONDS;
      boolean full = inPiece >= MAX_PIECE_WORDS && gap >= 0;
      boolean overfull = inPiece >= 2 * MAX_PIECE_WORDS;
      if (inPiece > 0 && (pause || full || overfull)) {
        cuts.add(gap >= 0 ? (reach + w.startSeconds()) / 2 : w.startSeconds());
        inPiece = 0;
      }
      reach = Math.max(reach, w.endSeconds());
      inPiece++;
    }
    return cuts.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The words' texts by piece: piece i holds the words whose middle lies between cut i-1 and i. */
  private static List<List<String>> pieces(List<CaptionWord> words, double[] cuts) {
    List<List<String>> pieces = new ArrayList<>(cuts.length + 1);
    for (int i = 0; i <= cuts.length; i++) {
      pieces.add(new ArrayList<>());
    }
    for (CaptionWord w : words) {
      pieces.get(pieceOf(w.middleSeconds(), cuts)).add(w.text());
    }
    return pieces;
  }

  private static int pieceOf(double seconds, double[] cuts) {
    int low = 0;
    int high = cuts.length; // answer: the number of cuts at or before seconds
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cuts[mid] <= seconds) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
