package io.captionflow.ingest.source.url;

import java.io.IOException;

/** The stream gave no audio for as many tries as allowed. */
public final class StreamUnavailableException extends IOException {

  private final boolean everConnected;

  public StreamUnavailableException(String message, boolean everConnected) {
    super(message);
    this.everConnected = everConnected;
  }

  /** False when the URL never answered at all; true when it dropped and did not come back. */
  public boolean everConnected() {
    return everConnected;
  }
}
