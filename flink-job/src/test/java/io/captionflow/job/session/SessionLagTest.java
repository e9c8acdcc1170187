package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SessionLagTest {

  private static final LagBudget BUDGET =
      new LagBudget(Duration.ofSeconds(3), Duration.ofSeconds(10));

  /** A session's standing after any lags survives its stored form and decides on the same. */
  @Property(tries = 100)
  void theStoredStandingDecidesAsTheLiveOne(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 20_000) Integer> lags,
      @ForAll boolean chunked) {
    LatencyMode mode = chunked ? LatencyMode.CHUNKED : LatencyMode.SPEEDY;
    SessionLag live = new SessionLag();
    List<String> statuses = new ArrayList<>();
    long at = 0;
    for (int lag : lags) {
      SessionLag.Verdict v = live.observe(BUDGET, lag, mode, false, at, 1600);
      if (v.fallBackTo() != null) {
        mode = v.fallBackTo();
      }
      statuses.add(v.status());
      at += 1600;
      SessionLag restored = SessionLag.fromBytes(live.toBytes());
      assertArrayEquals(live.toBytes(), restored.toBytes());
      assertEquals(live.requestedMode(), restored.requestedMode());
      assertEquals(live.skippedSamples(), restored.skippedSamples());
    }
    assertEquals(lags.size(), statuses.size());
  }

  @Test
  void aFallbackWaitsForAPauseAndHappensOnce() {
    SessionLag lag = new SessionLag();
    assertEquals(
        SessionLag.Verdict.KEEP, lag.observe(BUDGET, 12_000, LatencyMode.SPEEDY, true, 0, 1600));
    SessionLag.Verdict v = lag.observe(BUDGET, 12_100, LatencyMode.SPEEDY, false, 1600, 1600);
    assertEquals(LatencyMode.CHUNKED, v.fallBackTo());
    assertEquals(
        "degraded: 12.1 s behind capture, over the 10 s lag budget; latency mode speedy -> chunked"
            + " for the rest of the session",
        v.status());
    assertEquals(LatencyMode.SPEEDY, lag.requestedMode());
    assertEquals(
        SessionLag.Verdict.KEEP,
        lag.observe(BUDGET, 12_200, LatencyMode.CHUNKED, false, 3200, 1600),
        "the cheaper mode gets its own trend before anything is skipped");
  }

  @Test
  void budgetsThatMakeNoSenseAreRefusedWithTheReason() {
    assertEquals(
        "the lag warning (PT20S) must not come after the lag budget (PT10S)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LagBudget(Duration.ofSeconds(20), Duration.ofSeconds(10)))
            .getMessage());
    assertEquals(
        "lag budget thresholds must not be negative, got warn PT-1S, act PT10S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LagBudget(Duration.ofSeconds(-1), Duration.ofSeconds(10)))
            .getMessage());
    assertEquals(LatencyMode.CHUNKED, LagBudget.cheaperThan(LatencyMode.LOW_LATENCY));
    assertEquals(null, LagBudget.cheaperThan(LatencyMode.STREAMING));
  }
}
