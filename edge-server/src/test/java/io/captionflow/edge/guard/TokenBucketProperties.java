package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The limiter's promise, for any arrivals: at most burst + rate * t admissions in any interval. */
class TokenBucketProperties {

  private static final double NANOS_PER_SECOND = 1e9;

  @Property(tries = 300)
  void neverAdmitsMoreThanBurstPlusRateTimesTheInterval(
      @ForAll @DoubleRange(min = 0.01, max = 1000) double perSecond,
      @ForAll @IntRange(min = 1, max = 50) int burst,
      @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 3_000_000_000L) Long> gaps,
      @ForAll @LongRange(min = Long.MIN_VALUE / 2, max = Long.MAX_VALUE / 2) long start) {
    long[] now = {start};
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(perSecond, burst, 10, () -> now[0]);
    List<Long> admitted = new ArrayList<>();
    for (long gap : gaps) {
      now[0] += gap;
      if (limiter.admit("203.0.113.9").admitted()) {
        admitted.add(now[0]);
      }
    }
    // Every interval [admitted i, admitted j] holds j - i + 1 admissions.
    for (int i = 0; i < admitted.size(); i++) {
      for (int j = i; j < admitted.size(); j++) {
        double seconds = (admitted.get(j) - admitted.get(i)) / NANOS_PER_SECOND;
        int count = j - i + 1;
        assertTrue(
            count <= burst + perSecond * seconds + 1e-9,
            count + " admissions in " + seconds + " s at " + perSecond + "/s, burst " + burst);
      }
    }
  }

  @Property(tries = 200)
  void aClientThatWaitsTheRetryAfterItWasGivenIsAdmitted(
      @ForAll @DoubleRange(min = 0.01, max = 1000) double perSecond,
      @ForAll @IntRange(min = 1, max = 50) int burst,
      @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 100_000_000L) Long> gaps) {
    long[] now = {0};
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(perSecond, burst, 10, () -> now[0]);
    for (long gap : gaps) {
      now[0] += gap;
      ConnectionRateLimiter.Admission admission = limiter.admit("198.51.100.4");
      if (!admission.admitted()) {
        now[0] += admission.retryAfterSeconds() * 1_000_000_000L;
        assertTrue(limiter.admit("198.51.100.4").admitted(), "after " + admission);
      }
    }
  }

  @Property(tries = 100)
  void theFirstBurstAtOneInstantIsAdmittedAndTheNextIsNot(
      @ForAll @DoubleRange(min = 0.01, max = 1000) double perSecond,
      @ForAll @IntRange(min = 1, max = 200) int burst) {
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(perSecond, burst, 10, () -> 42L);
    int admitted = 0;
    for (int i = 0; i < burst + 5; i++) {
      if (limiter.admit("192.0.2.1").admitted()) {
        admitted++;
      }
    }
    assertEquals(burst, admitted);
  }
}
