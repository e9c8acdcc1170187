package io.captionflow.schema.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import org.junit.jupiter.api.Test;

class SessionEventsTest {

  static final StartSettings SETTINGS = new StartSettings("en", "speedy", "stdin", true, 2);

  @Test
  void startCarriesTheSettingsAndNoLastSequence() {
    SessionEvent start = SessionEvents.start("room", SETTINGS, 1234L);
    assertEquals(SessionEventType.START, start.getType());
    assertEquals("room", start.getSessionId());
    assertEquals("en", start.getLanguage());
    assertEquals("speedy", start.getLatencyMode());
    assertEquals(true, start.getDiarization());
    assertEquals(2, start.getMaxSpeakers());
    assertEquals("stdin", start.getSourceDescription());
    assertEquals(1234L, start.getEventTimeMillis());
    assertEquals(null, start.getLastSequence());
    assertEquals(false, start.getEnhanceOnEnd());
    assertEquals(
        true, SessionEvents.start("room", SETTINGS.withEnhanceOnEnd(true), 1L).getEnhanceOnEnd());
    assertEquals(
        true,
        SessionEvents.end("room", SETTINGS.withEnhanceOnEnd(true).with("de", null), 3, 1L)
            .getEnhanceOnEnd());
  }

  @Test
  void endNamesTheLastChunk() {
    SessionEvent end = SessionEvents.end("room", SETTINGS, 41, 5678L);
    assertEquals(SessionEventType.END, end.getType());
    assertEquals(41L, end.getLastSequence());
    assertEquals(5678L, end.getEventTimeMillis());
    assertEquals("en", end.getLanguage());
  }

  @Test
  void endWithoutAChunkSequenceIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SessionEvents.end("room", SETTINGS, -1, 0L));
    assertEquals("END of session room needs the last chunk's sequence, got -1", e.getMessage());
  }
}
