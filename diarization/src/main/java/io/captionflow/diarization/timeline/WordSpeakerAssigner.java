package io.captionflow.diarization.timeline;

import io.captionflow.diarization.model.SortformerModel;
import java.util.Optional;

/**
 * Gives a word the speaker most active over its time span: each speaker's activity is averaged over
 * the 80 ms frames the word touches, weighted by how much of each frame the word covers; the
 * highest wins (lower number on a tie). The word is flagged as overlapped when, in at least half of
 * that time, two or more speakers are active (probability ≥ {@code activeThreshold}).
 */
public final class WordSpeakerAssigner {

  public static final float DEFAULT_ACTIVE_THRESHOLD = 0.5f;

  private final float activeThreshold;

  public WordSpeakerAssigner() {
    this(DEFAULT_ACTIVE_THRESHOLD);
  }

  public WordSpeakerAssigner(float activeThreshold) {
    this.activeThreshold = activeThreshold;
  }

  /**
   * @return the assignment, or empty while the timeline does not yet cover the word's end (ask
   *     again later)
   */
  public Optional<SpeakerAssignment> assign(
      SpeakerTimeline timeline, double startSeconds, double endSeconds) {
    if (endSeconds < startSeconds) {
      throw new IllegalArgumentException(
          "word ends (" + endSeconds + " s) before it starts (" + startSeconds + " s)");
    }
    if (endSeconds > timeline.coveredUntilSeconds() + 1e-9) {
      return Optional.empty();
    }
    double frameSeconds = SortformerModel.FRAME_SECONDS;
    long first = (long) Math.floor(startSeconds / frameSeconds + 1e-9);
    long last = Math.max(first, (long) Math.ceil(endSeconds / frameSeconds - 1e-9) - 1);
    int speakers = timeline.maxSpeakers();
    double[] sum = new double[speakers];
    double total = 0, overlapped = 0;
    for (long f = first; f <= last; f++) {
      double from = Math.max(startSeconds, f * frameSeconds);
      double to = Math.min(endSeconds, (f + 1) * frameSeconds);
      double w =
          endSeconds > startSeconds
              ? Math.max(0, to - from)
              : 1; // a zero-length word takes its frame
      int active = 0;
      for (int k = 0; k < speakers; k++) {
        float p = timeline.probability(f, k);
        sum[k] += w * p;
        active += p >= activeThreshold ? 1 : 0;
      }
      total += w;
      overlapped += active >= 2 ? w : 0;
    }
    int best = 0;
    for (int k = 1; k < speakers; k++) {
      if (sum[k] > sum[best]) {
        best = k;
      }
    }
    return Optional.of(
        new SpeakerAssignment(
            best,
            total > 0 && overlapped * 2 >= total,
            total > 0 ? (float) (sum[best] / total) : 0f));
  }
}
