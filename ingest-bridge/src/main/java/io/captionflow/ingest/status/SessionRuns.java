package io.captionflow.ingest.status;

import io.captionflow.schema.SessionState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which job statuses concern the current run of a session id: a status of a run that already ended,
 * expired or was refused (a replayed duplicate after a job recovery) is not the current run's. Not
 * thread-safe: the watcher's thread alone uses it.
 */
public final class SessionRuns {

  private final int capacity;
  private final Map<String, Long> lastClosedRun;

  /** Remembers the last closed run of at most {@code capacity} session ids, oldest forgotten. */
  public SessionRuns(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.lastClosedRun =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > SessionRuns.this.capacity;
          }
        };
  }

  /**
   * Takes one status of {@code sessionId}'s run {@code run}; returns the reason when it refuses a
   * run not closed before.
   */
  public Optional<String> refusal(String sessionId, long run, SessionState state, String reason) {
    Long closed = lastClosedRun.get(sessionId);
    if (closed != null && run <= closed) {
      return Optional.empty();
    }
    if (state == SessionState.STARTED) {
      return Optional.empty();
    }
    lastClosedRun.put(sessionId, run);
    return state == SessionState.REFUSED
        ? Optional.of(reason == null ? "no reason given" : reason)
        : Optional.empty();
  }
}
