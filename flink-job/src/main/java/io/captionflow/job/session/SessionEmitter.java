package io.captionflow.job.session;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.exit.TranscriptEvents;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.TranscriptEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a session's results into records on the segments topic (each stamped with the session's
 * run), and into metrics.
 */
final class SessionEmitter implements SessionOutput {

  private static final Logger LOG = LoggerFactory.getLogger(SessionEmitter.class);

  private final String sessionId;
  private final long run;
  private final SessionProcessor.KeyContext ctx;
  private final SessionMetrics metrics;

  /** The reason of the latest status (a refusal's, read by the processor). */
  String lastReason;

  /** The timestamp of the input being processed, or of the session's latest input. */
  Long timestamp;

  SessionEmitter(
      String sessionId, long run, SessionProcessor.KeyContext ctx, SessionMetrics metrics) {
    this.sessionId = sessionId;
    this.run = run;
    this.ctx = ctx;
    this.metrics = metrics;
  }

  private void collect(TranscriptEvent event) {
    ctx.emit(event, timestamp);
  }

  @Override
  public void segment(
      Segment segment,
      boolean isFinal,
      int revision,
      String language,
      Long captureTimeMillis,
      double audioNowSeconds) {
    long now = System.currentTimeMillis();
    if (isFinal) {
      for (ConfirmedWord w : segment.words()) {
        metrics.confirmedSegmentLatencyMillis.update(
            Math.round((audioNowSeconds - w.endSeconds()) * 1000));
      }
      if (captureTimeMillis != null && captureTimeMillis > 0) {
        metrics.audioToEmitLag(now - captureTimeMillis);
      }
    }
    collect(
        TranscriptEvents.segment(
            sessionId, run, segment, isFinal, revision, language, captureTimeMillis, now));
  }

  @Override
  public void words(
      long sequence,
      List<ConfirmedWord> words,
      String language,
      Long captureTimeMillis,
      double audioNowSeconds) {
    for (ConfirmedWord w : words) {
      metrics.finalWordLatencyMillis.update(Math.round((audioNowSeconds - w.endSeconds()) * 1000));
    }
    collect(
        TranscriptEvents.words(
            sessionId,
            run,
            sequence,
            words,
            language,
            captureTimeMillis,
            System.currentTimeMillis()));
  }

  @Override
  public void activity(boolean speaking, double atSeconds) {
    collect(
        TranscriptEvents.activity(sessionId, run, speaking, atSeconds, System.currentTimeMillis()));
  }

  @Override
  public void status(SessionState state, String reason, String language, double atSeconds) {
    ended(state, reason, language, atSeconds, false, null);
  }

  @Override
  public void ended(
      SessionState state,
      String reason,
      String language,
      double atSeconds,
      boolean enhanceOnEnd,
      AudioRange audio) {
    lastReason = reason;
    if (state == SessionState.REFUSED) {
      LOG.warn("session {} REFUSED: {}; its audio is not transcribed", sessionId, reason);
    } else if (reason != null && state != SessionState.ENDED) {
      LOG.info("session {} {}: {}", sessionId, state, reason);
    }
    collect(
        TranscriptEvents.status(
            sessionId,
            run,
            state,
            language,
            reason,
            atSeconds,
            enhanceOnEnd,
            audio,
            System.currentTimeMillis()));
  }

  @Override
  public void decoded(long encodedSamples, long nanos) {
    metrics.inferenceMillis.update(nanos / 1_000_000);
  }

  @Override
  public void churn(LatencyMode mode, int revised, int forcedOut, int droppedAtEdge) {
    metrics.churn(mode, revised, forcedOut, droppedAtEdge);
  }

  @Override
  public void diarized(long samples, long nanos) {
    metrics.diarized(samples, nanos);
  }

  @Override
  public void diarizationLost(String reason) {
    metrics.diarizationLost.inc();
    LOG.warn("session {}: {}", sessionId, reason);
  }

  @Override
  public void gapFilled(ChunkSequencer.Gap gap) {
    long chunks = gap.lastMissing() - gap.firstMissing() + 1;
    metrics.chunksGapFilled.inc(chunks);
    LOG.warn(
        "session {}: chunks {}..{} never arrived; filled with {} samples of silence",
        sessionId,
        gap.firstMissing(),
        gap.lastMissing(),
        gap.silenceSamples());
  }
}
