package io.captionflow.schema.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import org.junit.jupiter.api.Test;

class StartSettingsTest {

  @Test
  void blankLanguageAndModeMeanTheJobDefaultAndValuesAreStripped() {
    StartSettings s = new StartSettings(" ", "", "stdin");
    assertEquals(null, s.language());
    assertEquals(null, s.latencyMode());
    assertEquals(false, s.diarization());
    assertEquals(4, s.maxSpeakers());
    assertEquals(false, s.enhanceOnEnd());
    assertEquals("pt-BR", new StartSettings(" pt-BR ", null, null).language());
    assertEquals("speedy", new StartSettings(null, " speedy", null).latencyMode());
  }

  @Test
  void modesAreTakenInTheSpellingsTheJobReads() {
    assertEquals("low-latency", new StartSettings(null, "low-latency", null).latencyMode());
    assertEquals("LOW_LATENCY", new StartSettings(null, "LOW_LATENCY", null).latencyMode());
  }

  @Test
  void aMalformedLanguageIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new StartSettings("not a language", null, null));
    assertEquals(
        "invalid language 'not a language': expected a BCP-47 tag such as en or pt-BR",
        e.getMessage());
  }

  @Test
  void aMalformedModeIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StartSettings(null, "fast!", null));
    assertEquals(
        "invalid latency mode 'fast!': expected e.g. speedy, pause-based, low-latency",
        e.getMessage());
  }

  @Test
  void speakersOutsideOneToFourAreRefusedOnlyWithDiarizationOn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new StartSettings("en", null, null, true, 5));
    assertEquals("invalid number of speakers 5: expected 1 to 4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StartSettings.requireSpeakers(true, 0));
    assertEquals(0, new StartSettings("en", null, null, false, 0).maxSpeakers());
    StartSettings.requireSpeakers(true, 1);
    StartSettings.requireSpeakers(true, 4);
  }

  @Test
  void readFromAnEventTheyAreWhatTheEventCarries() {
    StartSettings sent = new StartSettings("de", "pause-based", "ws:room", true, 3, true);
    SessionEvent start = SessionEvents.start("room", sent, 1L);
    assertEquals(sent, StartSettings.of(start));
  }

  @Test
  void anEventWithAMalformedLanguageIsRefusedAsAProducerWouldBe() {
    SessionEvent start =
        SessionEvent.newBuilder()
            .setSessionId("room")
            .setType(SessionEventType.START)
            .setLanguage("en_US!")
            .setEventTimeMillis(0)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StartSettings.of(start));
    assertEquals(
        "invalid language 'en_US!': expected a BCP-47 tag such as en or pt-BR", e.getMessage());
  }

  @Test
  void withKeepsWhatItIsNotGiven() {
    StartSettings s = new StartSettings("en", "speedy", "stdin", true, 2, true);
    assertEquals(new StartSettings("de", "speedy", "stdin", true, 2, true), s.with("de", null));
    assertEquals(
        new StartSettings("en", "speedy", "stdin", false, 4, true), s.withDiarization(false, 4));
    assertEquals(
        new StartSettings("en", "speedy", "stdin", true, 2, false), s.withEnhanceOnEnd(false));
  }
}
