package io.captionflow.job.enhance;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's START events with their record timestamps, to find the settings a run started with:
 * the newest START stamped at or before the run's first chunk (the bridge publishes a run's START
 * before its audio; a START during the run only changes settings the enhancement does not use).
 */
final class RunStarts {

  record Timed(long timestamp, SessionEvent start) {}

  private final List<Timed> starts = new ArrayList<>();

  void add(long timestamp, SessionEvent event) {
    if (event.getType() == SessionEventType.START) {
      starts.add(new Timed(timestamp, event));
    }
  }

  /** The run's settings; the job defaults when no START precedes its first chunk. */
  RunSettings settingsFor(long firstChunkTimestamp) {
    Timed found = null;
    for (Timed t : starts) {
      if (t.timestamp() <= firstChunkTimestamp
          && (found == null || t.timestamp() >= found.timestamp())) {
        found = t;
      }
    }
    return found == null
        ? RunSettings.defaults("no START event before the run's first chunk: the job defaults")
        : RunSettings.of(found.start());
  }
}
