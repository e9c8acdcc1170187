package io.captionflow.ingest.source.url;

import java.time.Duration;

/**
 * How often and how patiently a dropped stream is tried again: the first try at once, then waits
 * doubling from {@code initial} up to {@code max}; {@code tries} consecutive tries that bring no
 * audio give up.
 *
 * @param initial wait before the second try
 * @param max longest wait between two tries
 * @param tries consecutive failed tries before giving up (at least 1)
 */
public record BackOff(Duration initial, Duration max, int tries) {

  public BackOff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("retry wait must be > 0, got " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "longest retry wait " + max + " is shorter than the first " + initial);
    }
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + tries);
    }
  }

  /** The wait before the next try after {@code failures} consecutive failed ones. */
  public Duration delayAfter(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    // doubling by shifts overflows after 62 steps; by then max has long been reached
    int doublings = Math.min(failures - 1, 40);
    long nanos = initial.toNanos();
    for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, max.toNanos()));
  }

  /** Whether {@code failures} consecutive failed tries mean giving up. */
  public boolean exhausted(int failures) {
    return failures >= tries;
  }
}
