package io.captionflow.ingest.status;

/** The job refused the session (a REFUSED status on the segments topic): publish nothing more. */
public final class SessionRefusedException extends RuntimeException {

  private final String sessionId;
  private final String reason;

  public SessionRefusedException(String sessionId, String reason) {
    super("session " + sessionId + " was refused by the job: " + reason);
    this.sessionId = sessionId;
    this.reason = reason;
  }

  public String sessionId() {
    return sessionId;
  }

  /** The job's reason, as it wrote it. */
  public String reason() {
    return reason;
  }
}
