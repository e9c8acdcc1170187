package io.captionflow.ingest.source.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackOffTest {

  @Test
  void waitsDoubleFromTheFirstUpToTheLongest() {
    BackOff backOff = new BackOff(Duration.ofMillis(500), Duration.ofSeconds(3), 5);
    assertEquals(
        List.of(0L, 500L, 1000L, 2000L, 3000L, 3000L),
        IntStream.range(0, 6).mapToObj(f -> backOff.delayAfter(f).toMillis()).toList());
    assertFalse(backOff.exhausted(4));
    assertTrue(backOff.exhausted(5));
  }

  @Test
  void nonsenseSettingsAreRefusedNamingTheProblem() {
    assertEquals(
        "retry wait must be > 0, got PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new BackOff(Duration.ZERO, Duration.ofSeconds(1), 3))
            .getMessage());
    assertEquals(
        "longest retry wait PT1S is shorter than the first PT2S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new BackOff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
            .getMessage());
    assertEquals(
        "tries must be at least 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
            .getMessage());
  }

  @Property(tries = 200)
  void waitsNeverShrinkNeverPassTheLongestAndDoubleBelowIt(
      @ForAll @LongRange(min = 1, max = 60_000) long initialMillis,
      @ForAll @LongRange(min = 0, max = 600_000) long extraMillis,
      @ForAll @IntRange(min = 1, max = 200) int failures) {
    BackOff backOff =
        new BackOff(
            Duration.ofMillis(initialMillis), Duration.ofMillis(initialMillis + extraMillis), 10);
    Duration before = backOff.delayAfter(failures - 1);
    Duration now = backOff.delayAfter(failures);
    assertTrue(now.compareTo(before) >= 0, before + " then " + now);
    assertTrue(now.compareTo(backOff.max()) <= 0, now + " > " + backOff.max());
    if (failures >= 2) {
      assertEquals(Math.min(before.toNanos() * 2, backOff.max().toNanos()), now.toNanos());
    } else {
      assertEquals(backOff.initial(), now);
    }
  }

  @Test
  void aStreamThatKeepsDroppingSoonAfterConnectingIsBackedOffToo() {
    BackOff b = new BackOff(Duration.ofMillis(500), Duration.ofSeconds(30), 10);
    assertEquals(Duration.ZERO, UrlSource.retryDelay(b, 0, 0));
    assertEquals(Duration.ZERO, UrlSource.retryDelay(b, 0, 1));
    assertEquals(Duration.ofMillis(500), UrlSource.retryDelay(b, 0, 2));
    assertEquals(Duration.ofSeconds(2), UrlSource.retryDelay(b, 0, 4));
    assertEquals(Duration.ofSeconds(30), UrlSource.retryDelay(b, 0, 30));
    assertEquals(Duration.ofSeconds(1), UrlSource.retryDelay(b, 2, 1));
  }
}
