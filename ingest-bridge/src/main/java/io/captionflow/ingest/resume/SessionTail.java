package io.captionflow.ingest.resume;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.wire.StartSettings;
import java.util.Optional;

/**
 * The newest records of one session found in Kafka: its latest session event and its latest audio
 * chunk (each null when none was found within the lookup's window). Decides whether the session is
 * still open.
 */
public record SessionTail(SessionEvent lastEvent, AudioChunk lastChunk) {

  /**
   * Open when it has recent audio that did not end the stream and no END after its START: then its
   * next chunk follows the last one. All of its chunks but the end-of-stream one are equally long,
   * so the samples published are that length times the chunks.
   */
  public Optional<OpenSession> openSession() {
    if (lastChunk == null
        || lastChunk.getEndOfStream()
        || (lastEvent != null && lastEvent.getType() == SessionEventType.END)) {
      return Optional.empty();
    }
    long chunks = lastChunk.getSequence() + 1;
    return Optional.of(
        new OpenSession(chunks, chunks * samplesOf(lastChunk), settingsOf(lastEvent)));
  }

  /** Whether its latest chunk is numbered {@code sequence} or later. */
  public boolean hasChunkFrom(long sequence) {
    return lastChunk != null && lastChunk.getSequence() >= sequence;
  }

  private static long samplesOf(AudioChunk chunk) {
    int bytesPerSample = chunk.getEncoding() == AudioEncoding.F32 ? 4 : 2;
    return chunk.getPcm().remaining() / bytesPerSample / Math.max(1, chunk.getChannels());
  }

  /** The START's settings; null without a START, or with one the bridge would not publish. */
  private static StartSettings settingsOf(SessionEvent start) {
    if (start == null) {
      return null;
    }
    try {
      return new StartSettings(
          start.getLanguage(),
          start.getLatencyMode(),
          start.getSourceDescription(),
          start.getDiarization(),
          start.getMaxSpeakers(),
          start.getEnhanceOnEnd());
    } catch (IllegalArgumentException e) {
      return null; // another producer's START: the continuation announces its own settings
    }
  }
}
