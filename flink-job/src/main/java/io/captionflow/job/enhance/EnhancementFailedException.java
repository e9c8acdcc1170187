package io.captionflow.job.enhance;

/** An enhancement job still failed after its last attempt. */
public final class EnhancementFailedException extends RuntimeException {
  public EnhancementFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
