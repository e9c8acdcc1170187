package io.captionflow.sink.session;

import io.captionflow.edge.metrics.PrometheusText;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Word error rates (errors per reference word) counted into fixed buckets, as a Prometheus
 * histogram: each bucket counts the observations at or below its bound (cumulative when written).
 * Thread-safe.
 */
public final class ErrorRateHistogram {

  /** Upper bounds: 1 % to 100 % of the reference's words; above 1, insertions outnumber them. */
  public static final double[] BOUNDS = {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1};

  // one slot per bound, then one for everything above the last
  private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
  private final DoubleAdder sum = new DoubleAdder();

  public ErrorRateHistogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void observe(double errorRate) {
    if (!(errorRate >= 0) || Double.isInfinite(errorRate)) {
      throw new IllegalArgumentException(
          "an error rate is a finite number of 0 or more, got " + errorRate);
    }
    int slot = 0;
    while (slot < BOUNDS.length && errorRate > BOUNDS[slot]) {
      slot++;
    }
    buckets[slot].increment();
    sum.add(errorRate);
  }

  public long count() {
    long count = 0;
    for (LongAdder bucket : buckets) {
      count += bucket.sum();
    }
    return count;
  }

  /** Writes the {@code _bucket}, {@code _sum} and {@code _count} series of {@code name}. */
  public void writeTo(PrometheusText out, String name, String help) {
    out.type(name, help, "histogram");
    long cumulative = 0;
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative += buckets[i].sum();
      out.sample(name + "_bucket{le=\"" + PrometheusText.number(BOUNDS[i]) + "\"}", cumulative);
    }
    cumulative += buckets[BOUNDS.length].sum();
    out.sample(name + "_bucket{le=\"+Inf\"}", cumulative);
    out.sample(name + "_sum", sum.sum());
    out.sample(name + "_count", cumulative);
  }
}
