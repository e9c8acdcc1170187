package io.captionflow.ingest.replay;

import io.captionflow.ingest.SessionId;
import io.captionflow.ingest.publish.AudioPublisher;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Publishes a recording again as a new session: START (the original's settings), the chunks byte
 * for byte (renumbered from 0 when starting later than the beginning), then END; paced at {@code
 * speed} x real time.
 */
public final class SessionReplayer {

  private final AudioPublisher publisher;
  private final Duration maxWait;
  private final LongSupplier clock;

  public SessionReplayer(AudioPublisher publisher, Duration maxWait, LongSupplier clock) {
    this.publisher = publisher;
    this.maxWait = maxWait;
    this.clock = clock;
  }

  /** The default id of the next replay of {@code recording}: {@code <id>-replay-<n>}. */
  public static String nextReplayId(Recording recording) {
    return SessionId.require(recording.sessionId() + "-replay-" + (recording.replayCount() + 1));
  }

  /**
   * Chunks from the one containing {@code fromSeconds} on (whole chunks, so their bytes stay
   * identical).
   */
  public static List<AudioChunk> from(Recording recording, double fromSeconds) {
    if (fromSeconds < 0 || fromSeconds > 0 && fromSeconds >= recording.durationSeconds()) {
      throw new IllegalArgumentException(
          String.format(
              "--from %.2f s is outside the recording (%.2f s)",
              fromSeconds, recording.durationSeconds()));
    }
    double t = 0;
    List<AudioChunk> chunks = recording.chunks();
    for (int i = 0; i < chunks.size(); i++) {
      double end = t + Recording.seconds(chunks.get(i));
      if (end > fromSeconds || i == chunks.size() - 1) {
        return chunks.subList(i, chunks.size());
      }
      t = end;
    }
    return List.of();
  }

  /**
   * @param speed playback speed (1 = real time); 0 or less = as fast as the publisher takes it
   * @return the number of chunks published
   */
  public int replay(Recording recording, String newSessionId, double fromSeconds, double speed)
      throws InterruptedException {
    SessionId.require(newSessionId);
    List<AudioChunk> chunks = from(recording, fromSeconds);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException(
          "no recorded chunks for session '" + recording.sessionId() + "'");
    }
    String source = "replay:" + recording.sessionId();
    SessionEvent original = recording.start();
    SessionEvent.Builder start =
        original != null ? SessionEvent.newBuilder(original) : SessionEvent.newBuilder();
    publisher.publish(
        start
            .setSessionId(newSessionId)
            .setType(SessionEventType.START)
            .setLastSequence(null)
            .setSourceDescription(source)
            .setEventTimeMillis(clock.getAsLong())
            .build(),
        maxWait);

    long startNanos = System.nanoTime();
    double seconds = 0;
    for (int i = 0; i < chunks.size(); i++) {
      AudioChunk recorded = chunks.get(i);
      publisher.publish(
          AudioChunk.newBuilder(recorded)
              .setSessionId(newSessionId)
              .setSequence(i)
              .setPcm(recorded.getPcm().duplicate())
              .setCaptureTimeMillis(clock.getAsLong())
              .setEndOfStream(i == chunks.size() - 1)
              .build(),
          maxWait);
      seconds += Recording.seconds(recorded);
      if (speed > 0) {
        long sleepNanos = startNanos + (long) (seconds / speed * 1e9) - System.nanoTime();
        if (sleepNanos > 0) {
          Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
      }
    }
    SessionEvent.Builder end =
        original != null ? SessionEvent.newBuilder(original) : SessionEvent.newBuilder();
    publisher.publish(
        end.setSessionId(newSessionId)
            .setType(SessionEventType.END)
            .setLastSequence((long) chunks.size() - 1)
            .setSourceDescription(source)
            .setEventTimeMillis(clock.getAsLong())
            .build(),
        maxWait);
    return chunks.size();
  }
}
