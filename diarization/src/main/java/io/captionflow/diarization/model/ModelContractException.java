package io.captionflow.diarization.model;

/**
 * The model file is missing, unreadable, or not the Sortformer streaming export; the message says
 * which and why.
 */
public final class ModelContractException extends RuntimeException {
  public ModelContractException(String message) {
    super(message);
  }

  public ModelContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
