package io.captionflow.job.confirmation;

/**
 * A decoded piece placed on the session's audio clock (seconds since the session's first sample).
 */
public record TimedToken(
    int id, String piece, double startSeconds, double endSeconds, float confidence) {

  public boolean startsWord() {
    return piece.startsWith("\u2581");
  }
}
