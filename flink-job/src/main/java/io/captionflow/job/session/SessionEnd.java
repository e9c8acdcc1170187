package io.captionflow.job.session;

import io.captionflow.schema.SessionState;
import java.util.OptionalLong;

/**
 * What ends a session in stream order and what its end carries: the last chunk an END event named
 * (the session ends once the audio through it is released), whether the end asks for the enhanced
 * transcript, and the audio-topic range the run's chunks were read from.
 */
final class SessionEnd {

  // The codec reads and writes these three.
  long lastNamedChunk = -1;
  boolean enhance;
  AudioTopicRange audioRange = new AudioTopicRange();

  OptionalLong lastNamedChunk() {
    return lastNamedChunk < 0 ? OptionalLong.empty() : OptionalLong.of(lastNamedChunk);
  }

  /** Whether this release reaches the last chunk an END event named. */
  boolean reachedBy(ChunkSequencer.Release r) {
    long last =
        r instanceof ChunkSequencer.Audio a ? a.sequence() : ((ChunkSequencer.Gap) r).lastMissing();
    return lastNamedChunk >= 0 && last >= lastNamedChunk;
  }

  /** Tells {@code out} the session ended, with what its end carries. */
  void announce(
      SessionState why, String reason, String language, double atSeconds, SessionOutput out) {
    out.ended(why, reason, language, atSeconds, enhance, audioRange.range());
  }
}
