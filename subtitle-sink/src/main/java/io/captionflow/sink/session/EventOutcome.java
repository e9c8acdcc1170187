package io.captionflow.sink.session;

/**
 * What a session did with one event of the segments topic; the registry counts each kind (the
 * duplicates and every ignored reason show on {@code /metrics}).
 */
public enum EventOutcome {
  /** Taken: stored, sent, or both. */
  APPLIED(null),
  /** A repeat, a stale partial, or an event of an ended or older run: dropped. */
  DUPLICATE(null),
  /** A session state added after this sink was built (read as UNKNOWN): nothing to do with it. */
  UNKNOWN_STATE("unknown_state"),
  /** An enhanced segment or ENHANCED status of a run older than the session's current one. */
  ENHANCED_OF_OLDER_RUN("enhanced_older_run"),
  /** An enhanced segment past the per-session word limit of the enhanced transcript. */
  ENHANCED_OVER_LIMIT("enhanced_over_limit");

  private final String ignoredReason;

  EventOutcome(String ignoredReason) {
    this.ignoredReason = ignoredReason;
  }

  /** True for an event the sink cannot use and skips (counted by reason), not a duplicate. */
  public boolean ignored() {
    return ignoredReason != null;
  }

  /** The {@code reason} label of {@code captionflow_sink_ignored_events_total}; null if none. */
  public String ignoredReason() {
    return ignoredReason;
  }
}
