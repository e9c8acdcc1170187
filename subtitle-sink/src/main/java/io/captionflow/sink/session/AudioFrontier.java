package io.captionflow.sink.session;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayDeque;
import java.util.List;

/**
 * How far into a run's audio the delivered words reach (the end of the latest one). A recovered job
 * re-emits what followed its last checkpoint, recomputed: times may move by a frame or two, a word
 * may differ, segments may be cut elsewhere. A word whose middle lies before the frontier is
 * therefore a repeat of audio already delivered, whatever its segment or text; so is a word with
 * the text of one just delivered that starts within two frames of it (a short word moved later can
 * have its middle past the frontier).
 */
final class AudioFrontier {

  /** Two 80 ms encoder frames: how far a recomputation may move a word. */
  static final long SAME_WORD_MILLIS = 160;

  // Enough for every word a two-frame move could reach back to.
  private static final int RECENT_WORDS = 16;

  private final ArrayDeque<CaptionWord> recent = new ArrayDeque<>();
  private long endMillis;

  /**
   * The words not delivered yet, in order: middle at or after the frontier, ending after it (so
   * each delivered segment's cursor is higher than the last), and not a recent word again. Compared
   * in whole ms, as on the wire: frame multiples summed in binary floating point are not exact.
   */
  List<CaptionWord> unseen(List<CaptionWord> words) {
    if (recent.isEmpty()) {
      return words;
    }
    return words.stream()
        .filter(
            w ->
                millis(w.startSeconds()) + millis(w.endSeconds()) >= 2 * endMillis
                    && millis(w.endSeconds()) > endMillis
                    && !repeatsRecent(w))
        .toList();
  }

  private boolean repeatsRecent(CaptionWord w) {
    for (CaptionWord d : recent) {
      if (Math.abs(millis(d.startSeconds()) - millis(w.startSeconds())) <= SAME_WORD_MILLIS
          && d.text().equalsIgnoreCase(w.text())) {
        return true;
      }
    }
    return false;
  }

  /** Moves the frontier to the end of the latest delivered word. */
  void advance(List<CaptionWord> delivered) {
    for (CaptionWord w : delivered) {
      endMillis =
          recent.isEmpty() ? millis(w.endSeconds()) : Math.max(endMillis, millis(w.endSeconds()));
      recent.addLast(w);
      if (recent.size() > RECENT_WORDS) {
        recent.removeFirst();
      }
    }
  }

  private static long millis(double seconds) {
    return Math.round(seconds * 1000);
  }
}
