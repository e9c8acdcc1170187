package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void theWaitDoublesUpToItsBound() {
    RetryPolicy p = new RetryPolicy(6, Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertEquals(
        List.of(5L, 10L, 20L, 30L, 30L),
        IntStream.rangeClosed(1, 5).mapToObj(a -> p.backoffAfter(a).toSeconds()).toList());
  }

  @Test
  void nonsenseIsRefusedWithTheReason() {
    assertEquals(
        "attempts must be at least 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
            .getMessage());
    assertEquals(
        "backoff must satisfy 0 <= first <= max, got PT10S and PT5S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofSeconds(5)))
            .getMessage());
  }
}
