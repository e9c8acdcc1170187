package io.captionflow.sink.session;

import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Word;
import java.util.List;

/**
 * A subtitle segment as the sink keeps and serves it (final or partial). Times are session audio
 * seconds.
 */
public record Caption(
    String sessionId,
    String id,
    long sequence,
    boolean isFinal,
    String text,
    List<CaptionWord> words,
    Integer speaker,
    boolean speakerOverlap,
    double startSeconds,
    double endSeconds,
    String language,
    Long captureTimeMillis,
    long emitTimeMillis) {

  public Caption {
    words = List.copyOf(words);
  }

  /** One word with its times, decoder confidence (0..1) and speaker (null without diarization). */
  public record CaptionWord(
      String text, double startSeconds, double endSeconds, float confidence, Integer speaker) {}

  public static Caption from(SubtitleSegment s) {
    List<CaptionWord> words = s.getWords().stream().map(Caption::word).toList();
    return new Caption(
        s.getSessionId().toString(),
        s.getSegmentId().toString(),
        s.getSequence(),
        s.getIsFinal(),
        s.getText().toString(),
        words,
        s.getSpeaker(),
        s.getSpeakerOverlap(),
        s.getStartSeconds(),
        s.getEndSeconds(),
        s.getLanguage() == null ? null : s.getLanguage().toString(),
        s.getCaptureTimeMillis(),
        s.getEmitTimeMillis());
  }

  private static CaptionWord word(Word w) {
    return new CaptionWord(
        w.getText().toString(),
        w.getStartSeconds(),
        w.getEndSeconds(),
        w.getConfidence(),
        w.getSpeaker());
  }
}
