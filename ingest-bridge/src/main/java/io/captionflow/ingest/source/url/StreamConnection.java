package io.captionflow.ingest.source.url;

import java.io.InputStream;

/** One attempt at a stream: its decoded audio until it ends, then why it ended. */
public interface StreamConnection extends AutoCloseable {

  /** 16 kHz mono s16le; ends when the stream drops or the decoder stops. */
  InputStream pcm();

  /** Why the stream ended; call after {@link #pcm()} reached its end or after {@link #close()}. */
  Ending ending();

  /** Stops the attempt (kills the decoder); idempotent. */
  @Override
  void close();

  /**
   * @param reason one line for the operator, e.g. "ffmpeg exited with code 1: Connection refused"
   * @param permanent trying again cannot help (e.g. ffmpeg knows no such protocol)
   * @param complete the stream ended by itself and the decoder exited normally
   */
  record Ending(String reason, boolean permanent, boolean complete) {}
}
