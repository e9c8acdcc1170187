package io.captionflow.job.enhance;

import java.time.Duration;

/**
 * How often a failed enhancement is tried again: {@code attempts} in all, waiting {@code
 * firstBackoff} before the second and twice as long before each next one, at most {@code
 * maxBackoff}.
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMinutes(2));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= first <= max, got " + firstBackoff + " and " + maxBackoff);
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    Duration d = firstBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
