package io.captionflow.ingest.source.url;

import java.io.IOException;

/** Opens one connection to a stream, decoded to 16 kHz mono s16le. */
public interface StreamConnector {

  /**
   * Starts a connection attempt; whether it brings audio shows on its {@link
   * StreamConnection#pcm()}.
   *
   * @throws IOException when no attempt can be made at all (e.g. no decoder installed)
   */
  StreamConnection open(StreamUrl url) throws IOException;
}
