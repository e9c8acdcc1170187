package io.captionflow.job.session;

import java.io.Serializable;
import java.time.Duration;

/**
 * How far behind live (audio capture time → the job) a session may fall: past {@code warn} its
 * status says so; past {@code act} the job degrades it, first to a cheaper latency mode (window
 * modes → {@link LatencyMode#CHUNKED}), then, already at the cheapest, by skipping audio captured
 * longer ago than {@code act} (no subtitles for it) until the session is back within budget. Zero
 * turns a threshold off.
 */
public record LagBudget(Duration warn, Duration act) implements Serializable {

  /** 3 s warns (a viewer notices), 10 s acts (subtitles that late no longer help). */
  public static final LagBudget DEFAULT =
      new LagBudget(Duration.ofSeconds(3), Duration.ofSeconds(10));

  /** Never warn, never degrade: for jobs that recompute recorded sessions at full speed. */
  public static final LagBudget OFF = new LagBudget(Duration.ZERO, Duration.ZERO);

  public LagBudget {
    if (warn.isNegative() || act.isNegative()) {
      throw new IllegalArgumentException(
          "lag budget thresholds must not be negative, got warn " + warn + ", act " + act);
    }
    if (!warn.isZero() && !act.isZero() && warn.compareTo(act) > 0) {
      throw new IllegalArgumentException(
          "the lag warning (" + warn + ") must not come after the lag budget (" + act + ")");
    }
  }

  public boolean off() {
    return warn.isZero() && act.isZero();
  }

  /** The mode a session in {@code mode} falls back to when over budget; null: none cheaper. */
  public static LatencyMode cheaperThan(LatencyMode mode) {
    return mode == LatencyMode.CHUNKED || mode == LatencyMode.STREAMING
        ? null
        : LatencyMode.CHUNKED;
  }
}
