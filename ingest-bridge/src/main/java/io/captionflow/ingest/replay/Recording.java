package io.captionflow.ingest.replay;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import java.util.List;

/**
 * A session's recorded chunks as found on the audio topic (the most recent run of that id, in
 * sequence order, duplicates dropped), with its last START event if the session-events topic still
 * has it.
 *
 * @param sessionId the recorded session
 * @param chunks chunks in sequence order
 * @param start last START event of the session, or null
 * @param gaps sequence numbers missing from the recording
 * @param replayCount highest n of existing {@code <id>-replay-<n>} sessions (0 if none)
 */
public record Recording(
    String sessionId,
    List<AudioChunk> chunks,
    SessionEvent start,
    List<Long> gaps,
    int replayCount) {

  /**
   * Whether the recording ends with an end-of-stream chunk (the session was ended, not cut off).
   */
  public boolean isComplete() {
    return !chunks.isEmpty() && chunks.get(chunks.size() - 1).getEndOfStream();
  }

  /** Total audio duration in seconds. */
  public double durationSeconds() {
    return chunks.stream().mapToDouble(Recording::seconds).sum();
  }

  /** Duration of one chunk's audio. */
  public static double seconds(AudioChunk chunk) {
    int bytesPerSample =
        switch (chunk.getEncoding()) {
          case PCM16 -> 2;
          case F32 -> 4;
        };
    return (double) chunk.getPcm().remaining()
        / bytesPerSample
        / Math.max(1, chunk.getChannels())
        / chunk.getSampleRate();
  }
}
