package io.captionflow.ingest.publish;

/**
 * The broker did not acknowledge a record within the delivery timeout; later records are refused.
 */
public class PublishFailedException extends RuntimeException {

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
