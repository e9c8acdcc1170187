package io.captionflow.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void writesCumulativeBucketsSumAndCountInPrometheusText() {
    LatencyHistogram h = new LatencyHistogram();
    h.observeNanos(1_000_000); // 1 ms: exactly on the first bound
    h.observeNanos(30_000_000); // 30 ms
    h.observeNanos(12_000_000_000L); // 12 s: above every bound
    PrometheusText out = new PrometheusText();
    h.writeTo(out, "x_seconds", "help text");
    assertEquals(
        String.join(
            "\n",
            "# HELP x_seconds help text",
            "# TYPE x_seconds histogram",
            "x_seconds_bucket{le=\"0.001\"} 1",
            "x_seconds_bucket{le=\"0.0025\"} 1",
            "x_seconds_bucket{le=\"0.005\"} 1",
            "x_seconds_bucket{le=\"0.01\"} 1",
            "x_seconds_bucket{le=\"0.025\"} 1",
            "x_seconds_bucket{le=\"0.05\"} 2",
            "x_seconds_bucket{le=\"0.1\"} 2",
            "x_seconds_bucket{le=\"0.25\"} 2",
            "x_seconds_bucket{le=\"0.5\"} 2",
            "x_seconds_bucket{le=\"1\"} 2",
            "x_seconds_bucket{le=\"2.5\"} 2",
            "x_seconds_bucket{le=\"5\"} 2",
            "x_seconds_bucket{le=\"10\"} 2",
            "x_seconds_bucket{le=\"+Inf\"} 3",
            "x_seconds_sum 12.031",
            "x_seconds_count 3",
            ""),
        out.toString());
  }

  /** Each bucket holds exactly the observations at or below its bound; +Inf and count hold all. */
  @Property(tries = 50)
  void everyBucketCountsTheObservationsAtOrBelowItsBound(
      @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 20_000_000_000L) Long> nanos) {
    LatencyHistogram h = new LatencyHistogram();
    nanos.forEach(h::observeNanos);
    PrometheusText out = new PrometheusText();
    h.writeTo(out, "h", "h");
    List<String> lines = out.toString().lines().toList();
    for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
      double bound = LatencyHistogram.BOUNDS[i];
      long expected = nanos.stream().filter(n -> n / 1e9 <= bound).count();
      assertEquals(
          "h_bucket{le=\"" + PrometheusText.number(bound) + "\"} " + expected, lines.get(2 + i));
    }
    assertEquals("h_bucket{le=\"+Inf\"} " + nanos.size(), lines.get(2 + 13));
    assertEquals("h_count " + nanos.size(), lines.get(lines.size() - 1));
    assertTrue(lines.get(lines.size() - 2).startsWith("h_sum "));
  }
}
