package io.captionflow.audio;

import java.io.IOException;

/**
 * A WAV stream that cannot be read: wrong header, unsupported format, truncated data or absurd
 * values.
 */
public class WavFormatException extends IOException {

  public WavFormatException(String message) {
    super(message);
  }
}
