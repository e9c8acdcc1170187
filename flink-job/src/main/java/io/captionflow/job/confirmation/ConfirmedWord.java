package io.captionflow.job.confirmation;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole word in session audio time; confidence is that of its least sure piece. {@code speaker}
 * is the 0-based session speaker when the session is diarized (null otherwise), {@code
 * speakerOverlap} whether another speaker talked over at least half of it.
 */
public record ConfirmedWord(
    String text,
    double startSeconds,
    double endSeconds,
    float confidence,
    Integer speaker,
    boolean speakerOverlap) {

  /** A word without a speaker (diarization off, or not attributed yet). */
  public ConfirmedWord(String text, double startSeconds, double endSeconds, float confidence) {
    this(text, startSeconds, endSeconds, confidence, null, false);
  }

  public ConfirmedWord withSpeaker(int newSpeaker, boolean overlap) {
    return new ConfirmedWord(text, startSeconds, endSeconds, confidence, newSpeaker, overlap);
  }

  /** Groups pieces into words: a word starts at a "▁" piece (or at the first piece). */
  public static List<List<TimedToken>> group(List<TimedToken> tokens) {
    List<List<TimedToken>> words = new ArrayList<>();
    for (TimedToken t : tokens) {
      if (words.isEmpty() || t.startsWord()) {
        words.add(new ArrayList<>());
      }
      words.get(words.size() - 1).add(t);
    }
    return words;
  }

  public static ConfirmedWord of(List<TimedToken> pieces) {
    StringBuilder text = new StringBuilder();
    float confidence = 1f;
    for (TimedToken t : pieces) {
      text.append(t.piece().replace('\u2581', ' '));
      confidence = Math.min(confidence, t.confidence());
    }
    return new ConfirmedWord(
        text.toString().trim(),
        pieces.get(0).startSeconds(),
        pieces.get(pieces.size() - 1).endSeconds(),
        confidence);
  }
}
