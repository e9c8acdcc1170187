package io.captionflow.job.session;

import io.captionflow.job.confirmation.TimedToken;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.WindowDecoder;
import java.util.List;

/** The schedules whose decodes are model calls on a window of the ring (the offline TDT model). */
sealed interface OfflineSchedule extends DecodeSchedule permits WindowSchedule, ChunkedSchedule {

  /** The model call {@code d} needs, built when it runs (a chunk continues its predecessor). */
  WindowDecoder.Request request(DueDecode d);

  /** Confirms {@code d}'s hypothesis ({@code result} null: it held no speech). */
  TokenConfirmer.Decision complete(
      DueDecode d, WindowDecoder.Result result, TokenConfirmer confirmer, SessionOutput out);

  /** What {@code d}'s model call heard in the session's real audio; reports the call's cost. */
  static List<TimedToken> heard(DueDecode d, WindowDecoder.Result result, SessionOutput out) {
    if (result == null) {
      return List.of();
    }
    out.decoded(result.encodedSamples(), result.nanos());
    return d.inRealAudio(result.tokens());
  }
}
