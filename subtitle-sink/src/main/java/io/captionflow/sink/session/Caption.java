package io.captionflow.sink.session;

import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SubtitleSegment;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A subtitle segment as the sink keeps and serves it (final or partial), with the run of the
 * session it belongs to. Times are session audio seconds.
 */
public record Caption(
    String sessionId,
    long run,
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
    if (words.isEmpty()) {
      throw new IllegalArgumentException("segment " + id + " has no words");
    }
    words = List.copyOf(words);
  }

  /** One word with its times, decoder confidence (0..1) and speaker (null without diarization). */
  public record CaptionWord(
      String text, double startSeconds, double endSeconds, float confidence, Integer speaker) {

    public double middleSeconds() {
      return (startSeconds + endSeconds) / 2;
    }
  }

  public static Caption from(SubtitleSegment s, long run) {
    List<CaptionWord> words = s.getWords().stream().map(FinalWords::word).toList();
    return new Caption(
        s.getSessionId().toString(),
        run,
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

  /**
   * A segment of the run's enhanced transcript as a confirmed caption, so the exports render it as
   * they render live ones: id {@code sessionId/run/enhanced/sequence}, no capture time (the
   * recording was re-read after the session).
   */
  public static Caption fromEnhanced(String sessionId, EnhancedSegment s, long run) {
    List<CaptionWord> words = s.getWords().stream().map(FinalWords::word).toList();
    return new Caption(
        sessionId,
        run,
        sessionId + "/" + run + "/enhanced/" + s.getSequence(),
        s.getSequence(),
        true,
        s.getText().toString(),
        words,
        s.getSpeaker(),
        s.getSpeakerOverlap(),
        s.getStartSeconds(),
        s.getEndSeconds(),
        s.getLanguage() == null ? null : s.getLanguage().toString(),
        null,
        s.getEmitTimeMillis());
  }

  /** Run and end of the last word: where a subscriber that received this caption stands. */
  public Cursor cursor() {
    return Cursor.at(run, words.get(words.size() - 1).endSeconds());
  }

  /** The same caption holding only {@code kept}, some of its words: text and times rebuilt. */
  public Caption trimmedTo(List<CaptionWord> kept) {
    return new Caption(
        sessionId,
        run,
        id,
        sequence,
        isFinal,
        kept.stream().map(CaptionWord::text).collect(Collectors.joining(" ")),
        kept,
        speaker,
        speakerOverlap,
        kept.get(0).startSeconds(),
        kept.get(kept.size() - 1).endSeconds(),
        language,
        captureTimeMillis,
        emitTimeMillis);
  }
}
