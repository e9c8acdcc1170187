package io.captionflow.launcher.job;

import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.confirmation.ConfirmedWord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The words generated audio was made from, so a confirmed word's latency can be measured from where
 * the word really ends in the audio rather than where the model times it (models differ: the tone
 * fixture ends a word 0.16 s after its start, the cache-aware one 0.08 s after the frame it hears
 * it in, whatever the tone's length).
 */
final class SpokenWords {

  /** How far a model may place a word's start from the spoken one and still name it. */
  static final double MAX_START_OFFSET_SECONDS = 0.24;

  private final List<ScheduledWord> words;
  private final boolean[] matched;

  SpokenWords(List<ScheduledWord> words) {
    this.words = new ArrayList<>(words);
    this.matched = new boolean[words.size()];
  }

  /**
   * The end in seconds of the spoken word {@code confirmed} names: the same text, its start nearest
   * to the confirmed start and within {@link #MAX_START_OFFSET_SECONDS}, not named before; empty
   * when there is none (a word the audio does not hold).
   */
  Optional<Double> endOf(ConfirmedWord confirmed) {
    int best = -1;
    double bestOffset = Double.POSITIVE_INFINITY;
    for (int i = 0; i < words.size(); i++) {
      ScheduledWord w = words.get(i);
      double offset = Math.abs(w.startSeconds() - confirmed.startSeconds());
      if (!matched[i]
          && w.word().equals(confirmed.text())
          && offset <= MAX_START_OFFSET_SECONDS + 1e-9
          && offset < bestOffset) {
        best = i;
        bestOffset = offset;
      }
    }
    if (best < 0) {
      return Optional.empty();
    }
    matched[best] = true;
    ScheduledWord w = words.get(best);
    return Optional.of(w.startSeconds() + w.durationSeconds());
  }
}
