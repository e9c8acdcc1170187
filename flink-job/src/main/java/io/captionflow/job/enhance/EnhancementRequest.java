package io.captionflow.job.enhance;

import java.io.Serializable;

/**
 * One run to enhance: which session and run, where its audio lies, and the settings it started
 * with. {@code enhanceOnEnd} says whether the session asked for it at its start (the ENHANCED
 * status repeats it).
 */
public record EnhancementRequest(
    String sessionId, long run, RunRange range, RunSettings settings, boolean enhanceOnEnd)
    implements Serializable {

  public EnhancementRequest {
    if (sessionId == null || sessionId.isEmpty()) {
      throw new IllegalArgumentException("an enhancement needs a session id");
    }
    if (run < 0) {
      throw new IllegalArgumentException("run must be >= 0, got " + run);
    }
    if (range == null || settings == null) {
      throw new IllegalArgumentException("an enhancement needs the run's audio range and settings");
    }
  }

  @Override
  public String toString() {
    return "session " + sessionId + " run " + run;
  }
}
