package io.captionflow.ingest.websocket;

/**
 * A client message that cannot be accepted; the connection closes with 4400 and this message as the
 * reason.
 */
public class InvalidMessageException extends RuntimeException {

  public InvalidMessageException(String message) {
    super(message);
  }
}
