package io.captionflow.job.session;

import io.captionflow.job.confirmation.TimedToken;
import io.captionflow.job.confirmation.TokenConfirmer;
import java.util.ArrayList;
import java.util.List;

/**
 * A decode that fell due at {@code audioEnd}: the window it decodes and every input of its
 * confirmation, all fixed at that point of the session's audio, so the outcome does not depend on
 * when (alone, or in which batch) the decode actually runs.
 *
 * @param window the audio to encode (a copy, padded with silence where {@code padded}), or null
 *     when it holds no speech and the model is not called
 * @param windowStart the session sample at {@code window[0]}
 * @param audioEnd the session's audio when the decode fell due: the "now" of what it emits
 * @param chunked a chunked-mode decode, continuing the session's decoder state
 * @param streaming a cache-aware decode of the session stream's next window (no window copy: the
 *     stream holds its features)
 * @param firstFrame chunked: the chunk's first encoder frame, before frames carried over
 * @param toFrame chunked: the encoder frame the chunk ends before
 * @param padded silence was appended: tokens starting after {@code audioEnd} are dropped
 * @param confirm the confirmation window
 * @param dueNanos when it fell due (System.nanoTime), for the time it waits for its batch
 */
record DueDecode(
    float[] window,
    long windowStart,
    long audioEnd,
    boolean chunked,
    boolean streaming,
    int firstFrame,
    int toFrame,
    boolean padded,
    TokenConfirmer.Window confirm,
    long dueNanos) {

  boolean needsModel() {
    return window != null || streaming;
  }

  /** The tokens heard in the session's real audio, not in the silence appended at its end. */
  List<TimedToken> inRealAudio(List<TimedToken> tokens) {
    if (!padded) {
      return tokens;
    }
    double end = SessionAudio.seconds(audioEnd);
    List<TimedToken> kept = new ArrayList<>(tokens.size());
    for (TimedToken t : tokens) {
      if (t.startSeconds() < end) {
        kept.add(t);
      }
    }
    return kept;
  }
}
