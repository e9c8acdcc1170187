package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void percentilesAreNearestRank() {
    List<Long> sorted = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);
    assertEquals(50, Percentiles.nearestRank(sorted, 50));
    assertEquals(100, Percentiles.nearestRank(sorted, 95));
    assertEquals(10, Percentiles.nearestRank(List.of(10L), 95));
  }

  @Test
  void noValuesIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(List.of(), 99));
    assertEquals("no values to take the p99.0 of", e.getMessage());
  }
}
