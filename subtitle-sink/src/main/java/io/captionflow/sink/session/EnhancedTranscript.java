package io.captionflow.sink.session;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhanced transcript of one run of a session: the whole recording re-transcribed after the
 * session ended, kept for the whole run (not the live history's last segments), the latest segment
 * per sequence, so a retried enhancement that writes the same sequences again replaces them and
 * nothing doubles. Bounded by {@code wordLimit} words: a segment that would pass it is dropped,
 * counted and logged once per run, and the transcript is marked truncated.
 */
final class EnhancedTranscript {

  /** About 10 hours of speech (an hour is ~10 000 words); README "Enhanced transcripts". */
  static final int DEFAULT_WORD_LIMIT = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(EnhancedTranscript.class);

  private final String sessionId;
  private final long run;
  private final int wordLimit;
  private final TreeMap<Long, Caption> bySequence = new TreeMap<>();
  private int wordCount;
  private boolean complete;
  // The first sequence dropped over the limit: later new sequences are dropped too, so no gap
  // opens.
  private Long truncatedFrom;

  EnhancedTranscript(String sessionId, long run, int wordLimit) {
    if (wordLimit < 1) {
      throw new IllegalArgumentException(
          "enhanced transcript word limit must be at least 1, got " + wordLimit);
    }
    this.sessionId = sessionId;
    this.run = run;
    this.wordLimit = wordLimit;
  }

  long run() {
    return run;
  }

  /**
   * Keeps {@code caption} (an enhanced segment of this run, {@link Caption#fromEnhanced}) as the
   * latest of its sequence, unless it would pass the word limit.
   */
  EventOutcome add(Caption caption) {
    if (caption.run() != run || caption.sequence() < 0) {
      throw new IllegalArgumentException(
          "enhanced segment "
              + caption.id()
              + " does not belong at run "
              + run
              + " of "
              + sessionId
              + " (a sequence is 0 or more)");
    }
    Caption previous = bySequence.get(caption.sequence());
    int after =
        wordCount - (previous == null ? 0 : previous.words().size()) + caption.words().size();
    boolean pastCut =
        previous == null && truncatedFrom != null && caption.sequence() > truncatedFrom;
    if (after > wordLimit || pastCut) {
      if (truncatedFrom == null) {
        LOG.warn(
            "session {} run {}: enhanced transcript over its limit of {} words at sequence {};"
                + " this and later segments are dropped (captionflow_sink_ignored_events_total"
                + "{reason=\"enhanced_over_limit\"})",
            sessionId,
            run,
            wordLimit,
            caption.sequence());
        truncatedFrom = caption.sequence();
      }
      return EventOutcome.ENHANCED_OVER_LIMIT;
    }
    bySequence.put(caption.sequence(), caption);
    wordCount = after;
    return EventOutcome.APPLIED;
  }

  /** The ENHANCED status arrived; a later retry's segments still replace theirs in place. */
  void complete() {
    complete = true;
  }

  EnhancementStatus status() {
    return complete ? EnhancementStatus.COMPLETE : EnhancementStatus.IN_PROGRESS;
  }

  /** The segments by sequence (audio order). */
  List<Caption> captions() {
    return List.copyOf(bySequence.values());
  }

  /** Every word, in sequence order. */
  List<CaptionWord> words() {
    List<CaptionWord> words = new ArrayList<>(wordCount);
    bySequence.values().forEach(c -> words.addAll(c.words()));
    return words;
  }

  int wordCount() {
    return wordCount;
  }

  int wordLimit() {
    return wordLimit;
  }

  boolean truncated() {
    return truncatedFrom != null;
  }

  /** Sequences below the highest one held that never arrived (e.g. before the sink's lookback). */
  long missingSequences() {
    return bySequence.isEmpty() ? 0 : bySequence.lastKey() + 1 - bySequence.size();
  }

  /**
   * Audio time the transcript covers up to: the whole run, or when truncated the end of its last
   * word.
   */
  double coveredUntilSeconds() {
    if (truncatedFrom == null) {
      return Double.POSITIVE_INFINITY;
    }
    return bySequence.values().stream()
        .mapToDouble(c -> c.words().get(c.words().size() - 1).endSeconds())
        .max()
        .orElse(0);
  }
}
