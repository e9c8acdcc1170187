package io.captionflow.job.enhance;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;

/**
 * The records an enhancement writes to the segments topic, stamped with the run they enhance: its
 * segments (numbered from 0 as the segmenter closed them) and the ENHANCED status that follows
 * them.
 */
public final class EnhancedEvents {

  private EnhancedEvents() {}

  public static TranscriptEvent segment(
      EnhancementRequest request, Segment s, long emitTimeMillis) {
    EnhancedSegment segment =
        EnhancedSegment.newBuilder()
            .setSequence(s.sequence())
            .setText(s.text())
            .setWords(s.words().stream().map(EnhancedEvents::word).toList())
            .setSpeaker(s.speaker())
            .setSpeakerOverlap(s.speakerOverlap())
            .setStartSeconds(s.startSeconds())
            .setEndSeconds(s.endSeconds())
            .setLanguage(request.settings().language())
            .setEmitTimeMillis(emitTimeMillis)
            .build();
    return new TranscriptEvent(request.sessionId(), segment, emitTimeMillis, request.run());
  }

  /**
   * The run's enhanced transcript is complete. It names the range it read, so a range found by
   * scanning is remembered on the topic for the next enhancement of the run.
   */
  public static TranscriptEvent enhanced(
      EnhancementRequest request, String summary, double audioSeconds, long emitTimeMillis) {
    SessionStatus status =
        SessionStatus.newBuilder()
            .setState(SessionState.ENHANCED)
            .setLanguage(request.settings().language())
            .setReason(summary)
            .setAtSeconds(audioSeconds)
            .setEnhanceOnEnd(request.enhanceOnEnd())
            .setAudioPartition(request.range().partition())
            .setFirstAudioOffset(request.range().firstOffset())
            .setLastAudioOffset(request.range().lastOffset())
            .build();
    return new TranscriptEvent(request.sessionId(), status, emitTimeMillis, request.run());
  }

  private static Word word(ConfirmedWord w) {
    return new Word(w.text(), w.startSeconds(), w.endSeconds(), w.confidence(), w.speaker());
  }
}
