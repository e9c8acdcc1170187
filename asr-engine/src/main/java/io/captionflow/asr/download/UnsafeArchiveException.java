package io.captionflow.asr.download;

import java.io.IOException;

/** An archive entry that would land outside the target directory, or a link that could. */
public final class UnsafeArchiveException extends IOException {

  public UnsafeArchiveException(String message) {
    super(message);
  }
}
