package io.captionflow.job.session;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Named latency/accuracy trade-offs. All times are audio seconds. {@code CHUNKED} decodes each
 * stretch of audio once (left context = buffer − interval − confirm, chunk = interval, right
 * context = confirm).
 */
public enum LatencyMode {
  SPEEDY("speedy", 8.0, 0.2, 0.4, true, false, 2),
  PAUSE_BASED("pause-based", 10.0, 0.3, 0.5, true, false, 2),
  LOW_LATENCY("low-latency", 10.0, 1.5, 2.0, false, false, 2),
  ULTRA_LOW_LATENCY("ultra-low-latency", 8.0, 1.0, 1.5, false, false, 2),
  EXTREME_LOW_LATENCY("extreme-low-latency", 5.0, 0.5, 0.8, false, false, 2),
  LOOKAHEAD("lookahead", 10.0, 0.3, 0.5, true, true, 2),
  // each stretch of audio is decoded once: there is no second hypothesis to agree with
  CHUNKED("chunked", 4.48, 1.6, 0.64, true, false, 1),
  // a cache-aware model encodes each chunk once (its size is the model's); a word is final once the
  // next word starts or a pause begins; the buffer only re-warms the caches after a recovery
  STREAMING("streaming", 6.0, 0.16, 0.0, true, true, 1);

  private final String id;
  private final double bufferSeconds;
  private final double intervalSeconds;
  private final double confirmSeconds;
  private final boolean pauseDetection;
  private final boolean lookahead;
  private final int agreement;

  LatencyMode(
      String id,
      double bufferSeconds,
      double intervalSeconds,
      double confirmSeconds,
      boolean pauseDetection,
      boolean lookahead,
      int agreement) {
    this.id = id;
    this.bufferSeconds = bufferSeconds;
    this.intervalSeconds = intervalSeconds;
    this.confirmSeconds = confirmSeconds;
    this.pauseDetection = pauseDetection;
    this.lookahead = lookahead;
    this.agreement = agreement;
  }

  public String id() {
    return id;
  }

  public double bufferSeconds() {
    return bufferSeconds;
  }

  public double intervalSeconds() {
    return intervalSeconds;
  }

  public double confirmSeconds() {
    return confirmSeconds;
  }

  public boolean pauseDetection() {
    return pauseDetection;
  }

  public boolean lookahead() {
    return lookahead;
  }

  /**
   * k of LocalAgreement: successive hypotheses that must agree on a word before it is confirmed.
   */
  public int agreement() {
    return agreement;
  }

  /** Served by a cache-aware streaming model, not by an offline TDT one. */
  public boolean streaming() {
    return this == STREAMING;
  }

  /** The modes an offline TDT model serves: all but {@link #STREAMING}. */
  public static List<LatencyMode> offline() {
    return Arrays.stream(values()).filter(m -> !m.streaming()).toList();
  }

  /** Parses a mode name as used on the wire and on the command line, e.g. "low-latency". */
  public static LatencyMode fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (LatencyMode mode : values()) {
      if (mode.id.equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown latency mode '"
            + id
            + "', expected one of "
            + Arrays.stream(values()).map(LatencyMode::id).toList());
  }
}
