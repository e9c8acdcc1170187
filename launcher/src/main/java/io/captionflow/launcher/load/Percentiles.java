package io.captionflow.launcher.load;

import java.util.List;

/** Nearest-rank percentiles, the way every latency number of the launcher is reported. */
public final class Percentiles {

  private Percentiles() {}

  /** The {@code p}-th percentile (0 < p ≤ 100) of {@code sorted}, which must not be empty. */
  public static long nearestRank(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("no values to take the p" + p + " of");
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
