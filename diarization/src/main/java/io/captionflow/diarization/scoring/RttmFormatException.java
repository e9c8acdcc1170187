package io.captionflow.diarization.scoring;

/** An RTTM text that cannot be read; the message names the line and the problem. */
public final class RttmFormatException extends IllegalArgumentException {
  public RttmFormatException(String message) {
    super(message);
  }
}
