package io.captionflow.ingest.publish;

/**
 * The bounded publish buffer stayed full for longer than a source may wait: the broker is
 * unreachable or slow.
 */
public class PublishBufferFullException extends RuntimeException {

  public PublishBufferFullException(String message) {
    super(message);
  }
}
