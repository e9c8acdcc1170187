package io.captionflow.sink.session;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;

/**
 * How far into a run's audio the delivered words reach (the end of the latest one). A recovered job
 * re-emits what followed its last checkpoint, recomputed: times may move by a frame or two, a word
 * may differ, segments may be cut elsewhere. A word whose middle lies before the frontier is
 * therefore a repeat of audio already delivered, whatever its segment or text.
 */
final class AudioFrontier {

  private double endSeconds = Double.NEGATIVE_INFINITY;
  private long endMillis = Long.MIN_VALUE;

  /**
   * The words not delivered yet, in order: middle at or after the frontier, and ending after it in
   * whole ms (so each delivered segment's cursor is higher than the last).
   */
  List<CaptionWord> unseen(List<CaptionWord> words) {
    return words.stream()
        .filter(
            w -> w.middleSeconds() >= endSeconds && Math.round(w.endSeconds() * 1000) > endMillis)
        .toList();
  }

  /** Moves the frontier to the end of the latest delivered word. */
  void advance(List<CaptionWord> delivered) {
    for (CaptionWord w : delivered) {
      if (w.endSeconds() > endSeconds) {
        endSeconds = w.endSeconds();
        endMillis = Math.round(endSeconds * 1000);
      }
    }
  }
}
