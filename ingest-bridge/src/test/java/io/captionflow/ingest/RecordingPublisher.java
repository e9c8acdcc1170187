package io.captionflow.ingest;

import io.captionflow.ingest.publish.AudioPublisher;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory sink that keeps what it was given, in order (for tests of the stages before Kafka).
 */
public final class RecordingPublisher implements AudioPublisher {

  public final List<Object> records = new ArrayList<>();

  @Override
  public synchronized void publish(AudioChunk chunk, Duration maxWait) {
    records.add(chunk);
  }

  @Override
  public synchronized void publish(SessionEvent event, Duration maxWait) {
    records.add(event);
  }

  public synchronized List<AudioChunk> chunks() {
    return records.stream()
        .filter(AudioChunk.class::isInstance)
        .map(AudioChunk.class::cast)
        .toList();
  }

  public synchronized List<SessionEvent> events() {
    return records.stream()
        .filter(SessionEvent.class::isInstance)
        .map(SessionEvent.class::cast)
        .toList();
  }
}
