package io.captionflow.job.enhance;

/** One run of a session id: what the enhancer enhances once. */
public record RunKey(String sessionId, long run) {
  @Override
  public String toString() {
    return "session " + sessionId + " run " + run;
  }
}
