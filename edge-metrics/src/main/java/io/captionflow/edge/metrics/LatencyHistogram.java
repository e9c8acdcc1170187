package io.captionflow.edge.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, as a Prometheus histogram: each bucket counts the
 * observations at or below its bound (cumulative when written), with their sum and count.
 * Thread-safe; observing never blocks and spreads contention (thousands of sends complete at once).
 */
public final class LatencyHistogram {

  /**
   * Upper bounds in seconds: 1 ms to 10 s, from a loopback write to a slow Kafka acknowledgement.
   */
  public static final double[] BOUNDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  // one slot per bound, then one for everything above the last
  private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
  private final LongAdder sumNanos = new LongAdder();

  public LatencyHistogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void observeNanos(long nanos) {
    double seconds = nanos / 1e9;
    int slot = 0;
    while (slot < BOUNDS.length && seconds > BOUNDS[slot]) {
      slot++;
    }
    buckets[slot].increment();
    sumNanos.add(nanos);
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
    out.sample(name + "_sum", sumNanos.sum() / 1e9);
    out.sample(name + "_count", cumulative);
  }
}
