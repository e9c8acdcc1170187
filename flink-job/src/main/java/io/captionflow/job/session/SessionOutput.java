package io.captionflow.job.session;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.schema.SessionState;
import java.util.List;

/** Where a session's results go; the Flink operator turns them into records and metrics. */
public interface SessionOutput {
  /**
   * A final (revision 0) or partial segment; {@code audioNowSeconds} is the audio clock at
   * emission.
   */
  void segment(
      Segment segment,
      boolean isFinal,
      int revision,
      String language,
      Long captureTimeMillis,
      double audioNowSeconds);

  /**
   * Words confirmed by one decode, before any segment holding them closes (for confirmation
   * latency).
   */
  default void confirmed(List<ConfirmedWord> words, double audioNowSeconds) {}

  /**
   * Words final now (diarized sessions: with their speaker), all of the segment numbered {@code
   * sequence}; sent before that segment closes, and never revised.
   */
  default void words(
      long sequence,
      List<ConfirmedWord> words,
      String language,
      Long captureTimeMillis,
      double audioNowSeconds) {}

  void activity(boolean speaking, double atSeconds);

  void status(SessionState state, String reason, String language, double atSeconds);

  /**
   * The run ended (ENDED or EXPIRED): its status, with whether it asked for the enhanced transcript
   * and where its audio lies in the audio topic (null when no chunk was located).
   */
  default void ended(
      SessionState state,
      String reason,
      String language,
      double atSeconds,
      boolean enhanceOnEnd,
      AudioRange audio) {
    status(state, reason, language, atSeconds);
  }

  void decoded(long encodedSamples, long nanos);

  void gapFilled(ChunkSequencer.Gap gap);

  /**
   * One decode's hypothesis churn: words of the previous hypothesis it revised, words confirmed and
   * dropped as they left the buffer.
   */
  default void churn(LatencyMode mode, int revised, int forcedOut, int droppedAtEdge) {}

  /** The diarizer took {@code nanos} for {@code samples} of audio. */
  default void diarized(long samples, long nanos) {}

  /**
   * A diarized session was recovered where no diarization model is usable: it goes on without
   * speakers.
   */
  default void diarizationLost(String reason) {}
}
