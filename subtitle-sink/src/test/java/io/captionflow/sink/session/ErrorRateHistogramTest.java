package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.edge.metrics.PrometheusText;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRateHistogramTest {

  @Test
  void eachRateCountsInTheFirstBucketAtOrAboveItCumulatively() {
    ErrorRateHistogram h = new ErrorRateHistogram();
    // exact binary fractions, so the sum is exact too
    for (double rate : new double[] {0.0, 0.0078125, 0.015625, 0.25, 1.0, 1.5}) {
      h.observe(rate);
    }
    assertEquals(6, h.count());
    PrometheusText out = new PrometheusText();
    h.writeTo(out, "x", "help");
    List<String> samples = out.toString().lines().filter(l -> !l.startsWith("#")).toList();
    assertEquals(
        List.of(
            "x_bucket{le=\"0.01\"} 2",
            "x_bucket{le=\"0.02\"} 3",
            "x_bucket{le=\"0.05\"} 3",
            "x_bucket{le=\"0.1\"} 3",
            "x_bucket{le=\"0.15\"} 3",
            "x_bucket{le=\"0.2\"} 3",
            "x_bucket{le=\"0.3\"} 4",
            "x_bucket{le=\"0.5\"} 4",
            "x_bucket{le=\"1\"} 5",
            "x_bucket{le=\"+Inf\"} 6",
            "x_sum 2.7734375",
            "x_count 6"),
        samples);
  }

  @Test
  void aRateThatIsNoNumberOrNegativeIsRefused() {
    ErrorRateHistogram h = new ErrorRateHistogram();
    assertEquals(
        "an error rate is a finite number of 0 or more, got NaN",
        assertThrows(IllegalArgumentException.class, () -> h.observe(Double.NaN)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> h.observe(-0.1));
    assertThrows(IllegalArgumentException.class, () -> h.observe(Double.POSITIVE_INFINITY));
    assertEquals(0, h.count());
  }
}
