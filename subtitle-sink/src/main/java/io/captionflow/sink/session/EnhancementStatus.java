package io.captionflow.sink.session;

/** Where the enhanced transcript of a session's current run stands. */
public enum EnhancementStatus {
  /** No enhanced segment and no ENHANCED status of the run arrived. */
  NONE,
  /** Enhanced segments are arriving; the ENHANCED status that completes them has not. */
  IN_PROGRESS,
  /** The ENHANCED status arrived: every segment of the enhancement precedes it. */
  COMPLETE
}
