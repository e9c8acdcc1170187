package io.captionflow.edge.metrics;

/**
 * Durations as a Prometheus histogram in seconds (thousands of sends complete at once: observing
 * never blocks).
 */
public final class LatencyHistogram {

  /**
   * Upper bounds in seconds: 1 ms to 10 s, from a loopback write to a slow Kafka acknowledgement.
   */
  public static final double[] BOUNDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final BucketHistogram seconds = new BucketHistogram(BOUNDS);

  public void observeNanos(long nanos) {
    seconds.observe(nanos / 1e9);
  }

  public long count() {
    return seconds.count();
  }

  /** Writes the {@code _bucket}, {@code _sum} and {@code _count} series of {@code name}. */
  public void writeTo(PrometheusText out, String name, String help) {
    seconds.writeTo(out, name, help);
  }
}
