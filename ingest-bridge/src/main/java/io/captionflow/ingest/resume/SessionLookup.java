package io.captionflow.ingest.resume;

import java.util.Optional;

/**
 * Finds a session another bridge process left open, so a room attaching here continues it, and
 * tells when another process took over a session this one left open.
 */
@FunctionalInterface
public interface SessionLookup {

  /** Never finds anything: every room unknown to this process starts a new session. */
  SessionLookup NONE = sessionId -> Optional.empty();

  /**
   * The open session of that id, or empty when it ended, was never published or could not be looked
   * up in time.
   */
  Optional<OpenSession> find(String sessionId) throws InterruptedException;

  /**
   * Whether chunks of the session numbered {@code sequence} or later were published recently:
   * another bridge process took over the session this one holds open for a reconnect, so this one
   * must not end it. False when that cannot be looked up in time.
   */
  default boolean publishedFrom(String sessionId, long sequence) throws InterruptedException {
    return false;
  }
}
