package io.captionflow.asr.parakeet;

/**
 * A model directory or file that cannot be used; the message alone says what is wrong and where.
 */
public final class ModelLoadException extends RuntimeException {

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
