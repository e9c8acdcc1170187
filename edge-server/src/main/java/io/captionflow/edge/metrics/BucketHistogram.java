package io.captionflow.edge.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations counted into fixed buckets, as a Prometheus histogram: each bucket counts the
 * observations at or below its bound (cumulative when written), with their sum and count.
 * Thread-safe; observing never blocks and spreads contention.
 */
public final class BucketHistogram {

  private final double[] bounds;
  // one slot per bound, then one for everything above the last
  private final LongAdder[] buckets;
  private final DoubleAdder sum = new DoubleAdder();

  /** {@code bounds}: the buckets' upper bounds, ascending. */
  public BucketHistogram(double... bounds) {
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) {
        throw new IllegalArgumentException(
            "histogram bounds must ascend, got " + bounds[i - 1] + " then " + bounds[i]);
      }
    }
    this.bounds = bounds.clone();
    this.buckets = new LongAdder[bounds.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void observe(double value) {
    int slot = 0;
    while (slot < bounds.length && value > bounds[slot]) {
      slot++;
    }
    buckets[slot].increment();
    sum.add(value);
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
    for (int i = 0; i < bounds.length; i++) {
      cumulative += buckets[i].sum();
      out.sample(name + "_bucket{le=\"" + PrometheusText.number(bounds[i]) + "\"}", cumulative);
    }
    cumulative += buckets[bounds.length].sum();
    out.sample(name + "_bucket{le=\"+Inf\"}", cumulative);
    out.sample(name + "_sum", sum.sum());
    out.sample(name + "_count", cumulative);
  }
}
