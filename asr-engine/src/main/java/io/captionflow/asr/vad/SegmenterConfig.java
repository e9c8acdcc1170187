package io.captionflow.asr.vad;

/**
 * Hysteresis and minimum durations for turning frame probabilities into speech segments.
 *
 * @param onThreshold probability at which speech starts (or resumes)
 * @param offThreshold probability below which a frame counts as silence (≤ onThreshold)
 * @param minSpeechMs shorter bursts are dropped
 * @param minSilenceMs a pause must last this long to end a segment
 * @param padMs added before each start and after each end
 */
public record SegmenterConfig(
    float onThreshold, float offThreshold, int minSpeechMs, int minSilenceMs, int padMs) {

  public static final SegmenterConfig DEFAULT = new SegmenterConfig(0.5f, 0.35f, 250, 300, 30);

  public SegmenterConfig {
    if (!(offThreshold <= onThreshold)
        || onThreshold <= 0
        || onThreshold >= 1
        || offThreshold < 0) {
      throw new IllegalArgumentException(
          "need 0 <= offThreshold <= onThreshold < 1, got " + offThreshold + ", " + onThreshold);
    }
    if (minSpeechMs < 0 || minSilenceMs < 0 || padMs < 0) {
      throw new IllegalArgumentException("durations must be >= 0");
    }
  }
}
