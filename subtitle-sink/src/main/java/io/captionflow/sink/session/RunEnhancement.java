package io.captionflow.sink.session;

import java.util.List;

/**
 * The enhanced transcript ({@link EnhancedTranscript}) of a session's current run, started by the
 * run's first enhanced event, and its comparison with the live transcript once complete. Only the
 * latest run's is kept.
 */
final class RunEnhancement {

  private final String sessionId;
  private final int wordLimit;
  private EnhancedTranscript transcript;
  private TranscriptComparison comparison;

  RunEnhancement(String sessionId, int wordLimit) {
    if (wordLimit < 1) {
      throw new IllegalArgumentException(
          "enhanced transcript word limit must be at least 1, got " + wordLimit);
    }
    this.sessionId = sessionId;
    this.wordLimit = wordLimit;
  }

  /** Forgets the transcript and comparison: a new run started. */
  void reset() {
    transcript = null;
    comparison = null;
  }

  /** Run {@code run}'s transcript, begun on first use. */
  EnhancedTranscript transcript(long run) {
    if (transcript == null) {
      transcript = new EnhancedTranscript(sessionId, run, wordLimit);
    }
    return transcript;
  }

  /**
   * Completes run {@code run}'s transcript and compares the live history with it over the audio
   * both cover: from where the live history begins (where the sink first saw the run, {@code
   * seenFromSeconds}, unless older segments fell out of it or predate the lookback) to the live
   * history's end ({@code lastCursorSeconds}, or the run's end {@code endSeconds} when it is over)
   * or where a truncated enhanced transcript stops. No comparison when the sink saw no live event
   * of the run or the two do not overlap.
   */
  EnhancedTranscript complete(
      long run,
      ConfirmedHistory live,
      Double seenFromSeconds,
      Double lastCursorSeconds,
      Double endSeconds) {
    EnhancedTranscript enhanced = transcript(run);
    enhanced.complete();
    comparison = null;
    if (seenFromSeconds != null) {
      double from = live.coveredFromSeconds(Math.max(0, seenFromSeconds));
      double liveEnd = lastCursorSeconds == null ? from : lastCursorSeconds;
      if (endSeconds != null) {
        liveEnd = Math.max(liveEnd, endSeconds);
      }
      double to = Math.min(liveEnd, enhanced.coveredUntilSeconds());
      if (to >= from) {
        comparison = TranscriptComparison.over(enhanced.words(), live.words(), from, to);
      }
    }
    return enhanced;
  }

  EnhancementStatus status() {
    return transcript == null ? EnhancementStatus.NONE : transcript.status();
  }

  /** Errors per enhanced word of the live transcript, once the enhancement completed. */
  Double errorRate() {
    return comparison == null ? null : comparison.alignment().errorRate();
  }

  EnhancedSnapshot snapshot(Long run) {
    if (transcript == null) {
      return new EnhancedSnapshot(
          sessionId, run, EnhancementStatus.NONE, List.of(), 0, wordLimit, false, 0, null);
    }
    return new EnhancedSnapshot(
        sessionId,
        run,
        transcript.status(),
        transcript.captions(),
        transcript.wordCount(),
        transcript.wordLimit(),
        transcript.truncated(),
        transcript.missingSequences(),
        comparison);
  }
}
