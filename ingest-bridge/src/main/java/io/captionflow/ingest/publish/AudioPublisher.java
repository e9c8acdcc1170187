package io.captionflow.ingest.publish;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import java.time.Duration;

/**
 * Where a session's chunks and START/END events go; blocks (back-pressure) while its bounded buffer
 * is full.
 */
public interface AudioPublisher {

  /**
   * Hands over one chunk, waiting up to {@code maxWait} for buffer space.
   *
   * @throws PublishBufferFullException when no space freed up within {@code maxWait}; the chunk was
   *     not taken
   * @throws PublishFailedException when an earlier chunk could not be delivered
   */
  void publish(AudioChunk chunk, Duration maxWait) throws InterruptedException;

  /** Hands over one session event, with the same waiting rules as chunks. */
  void publish(SessionEvent event, Duration maxWait) throws InterruptedException;
}
