package io.captionflow.edge.guard;

/**
 * A token bucket of {@code burst} tokens refilled at one token per {@code intervalNanos}, kept as
 * the generic cell rate algorithm: one number, the time from which the bucket is full again, so
 * every decision is exact integer arithmetic. In any interval of length t it admits at most {@code
 * burst + t / intervalNanos} takes. Not thread-safe: {@link ConnectionRateLimiter} guards it.
 */
final class TokenBucket {

  private final long intervalNanos;
  private final long toleranceNanos;
  private long fullFrom;

  /** A full bucket at {@code nowNanos}. */
  TokenBucket(long intervalNanos, int burst, long nowNanos) {
    if (intervalNanos < 1 || burst < 1) {
      throw new IllegalArgumentException(
          "a token bucket needs an interval >= 1 ns and a burst >= 1, got "
              + intervalNanos
              + " ns and "
              + burst);
    }
    this.intervalNanos = intervalNanos;
    this.toleranceNanos = Math.multiplyExact(burst - 1L, intervalNanos);
    this.fullFrom = nowNanos;
  }

  /**
   * Takes one token: 0 when there was one, otherwise the nanoseconds until there is one (nothing
   * taken).
   */
  long take(long nowNanos) {
    long wait = fullFrom - toleranceNanos - nowNanos;
    if (wait > 0) {
      return wait;
    }
    fullFrom = Math.max(fullFrom - nowNanos, 0) + nowNanos + intervalNanos;
    return 0;
  }

  /** A full bucket is the same as none: it may be forgotten without changing any decision. */
  boolean isFull(long nowNanos) {
    return fullFrom - nowNanos <= 0;
  }
}
