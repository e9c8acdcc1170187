package io.captionflow.sink.session;

import java.util.List;

/**
 * The enhanced transcript of a session's current run at one moment, for the exports.
 *
 * @param run the session's current run (null before its first event)
 * @param segments the enhanced segments by sequence, the latest of each
 * @param wordCount words in {@code segments}
 * @param wordLimit the most words kept per run; past it segments are dropped
 * @param truncated a segment was dropped over {@code wordLimit}
 * @param missingSequences sequences below the highest held that never arrived (e.g. before the
 *     sink's lookback)
 * @param comparison live against enhanced, from when the ENHANCED status arrived; null before, or
 *     when the sink holds no live transcript of the run over audio the enhanced one covers
 */
public record EnhancedSnapshot(
    String sessionId,
    Long run,
    EnhancementStatus status,
    List<Caption> segments,
    int wordCount,
    int wordLimit,
    boolean truncated,
    long missingSequences,
    TranscriptComparison comparison) {

  public EnhancedSnapshot {
    segments = List.copyOf(segments);
  }
}
