package io.captionflow.job.exit;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.session.AudioRange;
import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SpeechActivity;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.util.List;

/**
 * Builds the records of the segments topic, each stamped with the run of its session id. Segment
 * ids follow audio time, so a recomputed segment starting at the same word gets the same id; but a
 * recovery on other hardware may move times or cut segments elsewhere, so consumers reconcile by
 * time, never by id alone (see the schema's {@code segmentId} doc).
 */
public final class TranscriptEvents {

  private TranscriptEvents() {}

  /**
   * {@code sessionId/run/<first word's start in ms>} for finals, {@code + "/p" + revision} for
   * partials.
   */
  public static String segmentId(
      String sessionId, long run, Segment s, boolean isFinal, int revision) {
    String id = sessionId + "/" + run + "/" + Math.round(s.startSeconds() * 1000);
    return isFinal ? id : id + "/p" + revision;
  }

  public static TranscriptEvent segment(
      String sessionId,
      long run,
      Segment s,
      boolean isFinal,
      int revision,
      String language,
      Long captureTimeMillis,
      long emitTimeMillis) {
    SubtitleSegment segment =
        SubtitleSegment.newBuilder()
            .setSessionId(sessionId)
            .setSegmentId(segmentId(sessionId, run, s, isFinal, revision))
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
    return event(sessionId, run, segment, emitTimeMillis);
  }

  /** Words of the segment numbered {@code sequence} that are final before it closes. */
  public static TranscriptEvent words(
      String sessionId,
      long run,
      long sequence,
      List<ConfirmedWord> words,
      String language,
      Long captureTimeMillis,
      long emitTimeMillis) {
    ConfirmedWords confirmed =
        new ConfirmedWords(
            sequence,
            words.stream().map(TranscriptEvents::word).toList(),
            language,
            captureTimeMillis,
            emitTimeMillis);
    return event(sessionId, run, confirmed, emitTimeMillis);
  }

  public static TranscriptEvent activity(
      String sessionId, long run, boolean speaking, double atSeconds, long emitTimeMillis) {
    return event(sessionId, run, new SpeechActivity(speaking, atSeconds), emitTimeMillis);
  }

  public static TranscriptEvent status(
      String sessionId,
      long run,
      SessionState state,
      String language,
      String reason,
      double atSeconds,
      long emitTimeMillis) {
    return status(sessionId, run, state, language, reason, atSeconds, false, null, emitTimeMillis);
  }

  /**
   * A status; a run's end also says whether it asked for the enhanced transcript and where its
   * audio lies in the audio topic ({@code audio} null: not known).
   */
  public static TranscriptEvent status(
      String sessionId,
      long run,
      SessionState state,
      String language,
      String reason,
      double atSeconds,
      boolean enhanceOnEnd,
      AudioRange audio,
      long emitTimeMillis) {
    SessionStatus.Builder status =
        SessionStatus.newBuilder()
            .setState(state)
            .setLanguage(language)
            .setReason(reason)
            .setAtSeconds(atSeconds)
            .setEnhanceOnEnd(enhanceOnEnd);
    if (audio != null) {
      status
          .setAudioPartition(audio.partition())
          .setFirstAudioOffset(audio.firstOffset())
          .setLastAudioOffset(audio.lastOffset());
    }
    return event(sessionId, run, status.build(), emitTimeMillis);
  }

  private static Word word(ConfirmedWord w) {
    return new Word(w.text(), w.startSeconds(), w.endSeconds(), w.confidence(), w.speaker());
  }

  private static TranscriptEvent event(
      String sessionId, long run, Object payload, long emitTimeMillis) {
    // the constructor, not the builder: the builder deep-copies the union payload it is given
    return new TranscriptEvent(sessionId, payload, emitTimeMillis, run);
  }
}
