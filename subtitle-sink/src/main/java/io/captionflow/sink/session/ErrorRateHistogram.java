package io.captionflow.sink.session;

import io.captionflow.edge.metrics.BucketHistogram;
import io.captionflow.edge.metrics.PrometheusText;

/** Word error rates (errors per reference word) as a Prometheus histogram. Thread-safe. */
public final class ErrorRateHistogram {

  /** Upper bounds: 1 % to 100 % of the reference's words; above 1, insertions outnumber them. */
  public static final double[] BOUNDS = {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1};

  private final BucketHistogram rates = new BucketHistogram(BOUNDS);

  public void observe(double errorRate) {
    if (!(errorRate >= 0) || Double.isInfinite(errorRate)) {
      throw new IllegalArgumentException(
          "an error rate is a finite number of 0 or more, got " + errorRate);
    }
    rates.observe(errorRate);
  }

  public long count() {
    return rates.count();
  }

  /** Writes the {@code _bucket}, {@code _sum} and {@code _count} series of {@code name}. */
  public void writeTo(PrometheusText out, String name, String help) {
    rates.writeTo(out, name, help);
  }
}
