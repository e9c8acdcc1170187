package io.captionflow.schema;

/**
 * Bytes on a topic that are not a record of the expected type; the message says why, for the
 * dead-letter topic.
 */
public final class UndecodableRecordException extends RuntimeException {
  public UndecodableRecordException(String reason) {
    super(reason);
  }
}
