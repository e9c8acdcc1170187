package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.edge.guard.ConnectionRateLimiter.Admission;
import org.junit.jupiter.api.Test;

class ConnectionRateLimiterTest {

  private static final long MS = 1_000_000L;

  private final long[] now = {0};

  @Test
  void admitsTheBurstThenOnePerIntervalAndSaysWhenToComeBack() {
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(2, 3, 100, () -> now[0]);
    assertEquals(new Admission(true, 0), limiter.admit("a"));
    assertEquals(new Admission(true, 0), limiter.admit("a"));
    assertEquals(new Admission(true, 0), limiter.admit("a"));
    // the next token comes 500 ms later: Retry-After rounds up to whole seconds
    assertEquals(new Admission(false, 1), limiter.admit("a"));
    now[0] = 499 * MS;
    assertEquals(new Admission(false, 1), limiter.admit("a"));
    now[0] = 500 * MS;
    assertEquals(new Admission(true, 0), limiter.admit("a"));
    assertEquals(new Admission(false, 1), limiter.admit("a"));
    // another client has a bucket of its own
    assertEquals(new Admission(true, 0), limiter.admit("b"));
  }

  @Test
  void retryAfterCountsWholeSecondsUntilTheNextToken() {
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(0.1, 1, 100, () -> now[0]);
    assertEquals(new Admission(true, 0), limiter.admit("a"));
    assertEquals(new Admission(false, 10), limiter.admit("a"));
    now[0] = 2500 * MS;
    assertEquals(new Admission(false, 8), limiter.admit("a"));
  }

  @Test
  void forgetsBucketsThatFilledUpAgain() {
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(10, 2, 100, () -> now[0]);
    limiter.admit("a");
    limiter.admit("b");
    limiter.admit("b");
    assertEquals(2, limiter.trackedClients());
    now[0] = 100 * MS; // a is full again (one token back after 100 ms), b is not
    limiter.admit("c");
    assertEquals(2, limiter.trackedClients(), "a forgotten, b and c kept");
    now[0] = 400 * MS; // b full from 200 ms on, c from 200 ms on
    limiter.admit("d");
    assertEquals(1, limiter.trackedClients());
    assertEquals(0, limiter.forgottenBusy());
  }

  @Test
  void keepsAtMostMaxClientsForgettingTheLeastRecentlySeen() {
    ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, 1, 3, () -> now[0]);
    for (String client : new String[] {"a", "b", "c", "d", "e"}) {
      limiter.admit(client);
    }
    assertEquals(3, limiter.trackedClients());
    assertEquals(2, limiter.forgottenBusy());
    // "a" was forgotten while its bucket was empty: it gets in again at once
    assertEquals(new Admission(true, 0), limiter.admit("a"));
    // "e" was kept: still refused
    assertEquals(new Admission(false, 1), limiter.admit("e"));
  }

  @Test
  void refusesNonsenseSettingsNamingThem() {
    assertEquals(
        "connection rate must be > 0 and <= 1e9 per second, got 0.0",
        assertThrows(
                IllegalArgumentException.class, () -> new ConnectionRateLimiter(0, 1, 1, () -> 0))
            .getMessage());
    assertEquals(
        "connection burst must be at least 1, got 0",
        assertThrows(
                IllegalArgumentException.class, () -> new ConnectionRateLimiter(1, 0, 1, () -> 0))
            .getMessage());
  }
}
