package io.captionflow.sink.session;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;

/**
 * What of a run's live events is new. Delivery is reconciled by audio time, not by segment id: a
 * recovered job re-emits what followed its last checkpoint, and recomputed inference may move
 * times, change a word or cut segments elsewhere. Words already delivered ({@link AudioFrontier})
 * are dropped, a segment left with some words is delivered trimmed, one left with none is a
 * duplicate (null here).
 *
 * <p>Final words have their own frontier, which delivered segments also advance, so a word goes out
 * as a {@code words} message at most once; a segment is still delivered when all its words already
 * went out that way, since it closes the line.
 */
final class DeliveryFrontiers {

  private AudioFrontier segments = new AudioFrontier();
  private AudioFrontier words = new AudioFrontier();

  /** Forgets what was delivered: a new run started. */
  void reset() {
    segments = new AudioFrontier();
    words = new AudioFrontier();
  }

  /** The final caption cut to its undelivered words, now delivered; null when none is new. */
  Caption deliverFinal(Caption caption) {
    List<CaptionWord> unseen = segments.unseen(caption.words());
    if (unseen.isEmpty()) {
      return null;
    }
    Caption delivered =
        unseen.size() == caption.words().size() ? caption : caption.trimmedTo(unseen);
    segments.advance(delivered.words());
    words.advance(delivered.words());
    return delivered;
  }

  /** The partial cut to its words past the delivered segments; null when none is. */
  Caption partial(Caption caption) {
    List<CaptionWord> unseen = segments.unseen(caption.words());
    if (unseen.isEmpty()) {
      return null;
    }
    return unseen.size() == caption.words().size() ? caption : caption.trimmedTo(unseen);
  }

  /** The final words cut to those not delivered yet, now delivered; null when none is new. */
  FinalWords deliverWords(FinalWords finalWords) {
    List<CaptionWord> unseen = words.unseen(finalWords.words());
    if (unseen.isEmpty()) {
      return null;
    }
    FinalWords delivered =
        unseen.size() == finalWords.words().size() ? finalWords : finalWords.trimmedTo(unseen);
    words.advance(delivered.words());
    return delivered;
  }
}
