package io.captionflow.ingest.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.ingest.RecordingPublisher;
import io.captionflow.ingest.publish.AudioPublisher;
import io.captionflow.ingest.publish.PublishBufferFullException;
import io.captionflow.ingest.status.SessionRefusedException;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.wire.StartSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionChunkerTest {

  @Test
  void publishesStartChunksEndOfStreamAndEndInOrder() throws InterruptedException {
    RecordingPublisher sink = new RecordingPublisher();
    SessionChunker session =
        new SessionChunker(
            "room-a",
            new StartSettings("en", "speedy", "test"),
            sink,
            100,
            Duration.ZERO,
            () -> 1L);
    session.accept(new float[48000], 48000); // 1 s at 48 kHz
    session.changeSettings(new StartSettings("de", "speedy", "test"));
    session.accept(new float[8000], 8000); // 1 s at 8 kHz
    session.end();
    session.end(); // idempotent

    assertEquals(SessionEventType.START, ((SessionEvent) sink.records.get(0)).getType());
    assertEquals("en", ((SessionEvent) sink.records.get(0)).getLanguage());
    SessionEvent relang = sink.events().get(1);
    assertEquals(SessionEventType.START, relang.getType());
    assertEquals("de", relang.getLanguage());
    SessionEvent end = (SessionEvent) sink.records.get(sink.records.size() - 1);
    assertEquals(SessionEventType.END, end.getType());
    assertEquals(20L, end.getLastSequence(), "END names the end-of-stream chunk");
    assertEquals(3, sink.events().size());

    // 2 s at 16 kHz = 20 full chunks, then an empty end-of-stream chunk
    assertEquals(32000, session.samples16k());
    assertEquals(21, sink.chunks().size());
    for (int i = 0; i < 21; i++) {
      AudioChunk c = sink.chunks().get(i);
      assertEquals(i, c.getSequence());
      assertEquals(i == 20, c.getEndOfStream());
    }
    assertInstanceOf(AudioChunk.class, sink.records.get(sink.records.size() - 2));
  }

  @Test
  void recordsTheSinkRefusedStayQueuedAndGoOutInOrderLater() throws InterruptedException {
    RecordingPublisher recording = new RecordingPublisher();
    int[] refuseNext = {0};
    AudioPublisher flaky =
        new AudioPublisher() {
          @Override
          public void publish(AudioChunk chunk, Duration maxWait) {
            if (refuseNext[0]-- > 0) {
              throw new PublishBufferFullException("full");
            }
            recording.publish(chunk, maxWait);
          }

          @Override
          public void publish(SessionEvent event, Duration maxWait) {
            recording.publish(event, maxWait);
          }
        };
    SessionChunker session =
        new SessionChunker(
            "s", new StartSettings(null, null, "test"), flaky, 100, Duration.ZERO, () -> 0L);
    refuseNext[0] = 1;
    assertThrows(PublishBufferFullException.class, () -> session.accept(new float[16000], 16000));
    assertEquals(10, session.queued());
    session.accept(new float[1600], 16000);
    session.end();
    for (int i = 0; i < recording.chunks().size(); i++) {
      assertEquals(i, recording.chunks().get(i).getSequence());
    }
    assertEquals(12, recording.chunks().size());
    assertTrue(recording.chunks().get(11).getEndOfStream());
  }

  @Test
  void aRefusedSessionPublishesNothingMoreAndSaysWhy() throws InterruptedException {
    RecordingPublisher sink = new RecordingPublisher();
    SessionChunker session =
        new SessionChunker(
            "room-r", new StartSettings("en", null, "test"), sink, 100, Duration.ZERO, () -> 1L);
    session.accept(new float[3200], 16000); // START and two chunks
    session.refuse("session limit reached");

    SessionRefusedException e =
        assertThrows(SessionRefusedException.class, () -> session.accept(new float[3200], 16000));
    assertEquals("room-r", e.sessionId());
    assertEquals("session limit reached", e.reason());
    assertThrows(SessionRefusedException.class, session::end);
    assertThrows(
        SessionRefusedException.class,
        () -> session.changeSettings(new StartSettings("de", null, "test")));
    assertEquals(1, sink.events().size());
    assertEquals(2, sink.chunks().size());
  }
}
