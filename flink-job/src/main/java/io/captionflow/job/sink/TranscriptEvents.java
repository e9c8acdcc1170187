package io.captionflow.job.sink;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SpeechActivity;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;

/**
 * Builds the records of the segments topic. Segment ids are deterministic, so re-deliveries carry
 * the same id.
 */
public final class TranscriptEvents {

  private TranscriptEvents() {}

  public static String segmentId(String sessionId, long sequence, boolean isFinal, int revision) {
    return isFinal ? sessionId + "/" + sequence : sessionId + "/" + sequence + "/p" + revision;
  }

  public static TranscriptEvent segment(
      String sessionId,
      Segment s,
      boolean isFinal,
      int revision,
      String language,
      Long captureTimeMillis,
      long emitTimeMillis) {
    SubtitleSegment segment =
        SubtitleSegment.newBuilder()
            .setSessionId(sessionId)
            .setSegmentId(segmentId(sessionId, s.sequence(), isFinal, revision))
            .setSequence(s.sequence())
            .setText(s.text())
            .setWords(s.words().stream().map(TranscriptEvents::word).toList())
            .setSpeaker(s.speaker())
            .setSpeakerOverlap(s.speakerOverlap())
            .setStartSeconds(s.startSeconds())
            .setEndSeconds(s.endSeconds())
            .setIsFinal(isFinal)
            .setLanguage(language)
            .setCaptureTimeMillis(captureTimeMillis)
            .setEmitTimeMillis(emitTimeMillis)
            .build();
    return event(sessionId, segment, emitTimeMillis);
  }

  public static TranscriptEvent activity(
      String sessionId, boolean speaking, double atSeconds, long emitTimeMillis) {
    return event(sessionId, new SpeechActivity(speaking, atSeconds), emitTimeMillis);
  }

  public static TranscriptEvent status(
      String sessionId,
      SessionState state,
      String language,
      String reason,
      double atSeconds,
      long emitTimeMillis) {
    return event(sessionId, new SessionStatus(state, language, reason, atSeconds), emitTimeMillis);
  }

  private static Word word(ConfirmedWord w) {
    return new Word(w.text(), w.startSeconds(), w.endSeconds(), w.confidence(), w.speaker());
  }

  private static TranscriptEvent event(String sessionId, Object payload, long emitTimeMillis) {
    return TranscriptEvent.newBuilder()
        .setSessionId(sessionId)
        .setEvent(payload)
        .setEmitTimeMillis(emitTimeMillis)
        .build();
  }
}
