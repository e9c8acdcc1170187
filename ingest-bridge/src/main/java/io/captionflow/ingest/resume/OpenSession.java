package io.captionflow.ingest.resume;

import io.captionflow.schema.wire.StartSettings;

/**
 * A session another bridge process left open (no END): where its audio goes on.
 *
 * @param nextSequence the sequence number its next chunk takes (its last published chunk + 1)
 * @param samples16k 16 kHz samples it published so far
 * @param settings the settings of its latest START, or null when that START lies beyond the
 *     lookup's window (the continuation then announces its own settings in a START)
 */
public record OpenSession(long nextSequence, long samples16k, StartSettings settings) {

  public OpenSession {
    if (nextSequence < 1 || samples16k < 0) {
      throw new IllegalArgumentException(
          "an open session has published at least one chunk, got next sequence "
              + nextSequence
              + " after "
              + samples16k
              + " samples");
    }
  }
}
