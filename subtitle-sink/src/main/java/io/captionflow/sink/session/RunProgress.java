package io.captionflow.sink.session;

/**
 * How far a session's current run has come in audio time, as this sink delivered it: where the sink
 * first saw the run, its last delivered segment, the capture clock that segment's run carries, and
 * where the run ended.
 */
final class RunProgress {

  private long lastSequence = -1;
  private Cursor lastCursor;
  private SubtitleTimeline.CaptureClock captureClock;
  // Audio time of the run's first live event this sink saw: where its live history can begin.
  private Double seenFromSeconds;
  private Double endSeconds;

  /** A live event at {@code atSeconds} was taken into the run. */
  void seen(double atSeconds) {
    if (seenFromSeconds == null) {
      seenFromSeconds = atSeconds;
    }
  }

  /** A confirmed caption went out; the first carrying a capture time pins the capture clock. */
  void delivered(Caption caption) {
    lastSequence = caption.sequence();
    lastCursor = caption.cursor();
    if (captureClock == null && caption.captureTimeMillis() != null) {
      captureClock =
          new SubtitleTimeline.CaptureClock(caption.endSeconds(), caption.captureTimeMillis());
    }
  }

  void ended(double atSeconds) {
    endSeconds = atSeconds;
  }

  /** -1 before the run's first delivered segment. */
  long lastSequence() {
    return lastSequence;
  }

  /** Null before the run's first delivered segment. */
  Cursor lastCursor() {
    return lastCursor;
  }

  /** End of the last delivered segment, null before the first. */
  Double confirmedThroughSeconds() {
    return lastCursor == null ? null : lastCursor.endMillis() / 1000.0;
  }

  SubtitleTimeline.CaptureClock captureClock() {
    return captureClock;
  }

  Double seenFromSeconds() {
    return seenFromSeconds;
  }

  /** Null while the run goes on. */
  Double endSeconds() {
    return endSeconds;
  }
}
