package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import org.junit.jupiter.api.Test;

class RunStartsTest {

  static SessionEvent event(SessionEventType type, String mode, boolean speakers, String language) {
    return SessionEvent.newBuilder()
        .setSessionId("talk")
        .setType(type)
        .setLatencyMode(mode)
        .setDiarization(speakers)
        .setMaxSpeakers(speakers ? 3 : 4)
        .setLanguage(language)
        .setEventTimeMillis(0)
        .build();
  }

  @Test
  void aRunTakesTheNewestStartBeforeItsFirstChunk() {
    RunStarts starts = new RunStarts();
    starts.add(100, event(SessionEventType.START, "speedy", false, "en"));
    starts.add(200, event(SessionEventType.END, null, false, null));
    starts.add(300, event(SessionEventType.START, "pause-based", true, "de"));
    starts.add(
        400, event(SessionEventType.START, "speedy", false, "fr")); // mid-run: a new language

    assertEquals(
        new RunSettings("de", false, true, 3, "START event of talk"), starts.settingsFor(350));
    assertEquals(
        new RunSettings("en", true, false, 4, "START event of talk"), starts.settingsFor(299));
    assertEquals(
        RunSettings.defaults("no START event before the run's first chunk: the job defaults"),
        starts.settingsFor(99));
  }

  @Test
  void anUnknownModeKeepsSpeedysSegmentsAndSaysSo() {
    assertEquals(
        new RunSettings(
            null,
            true,
            false,
            4,
            "START event of talk (unknown latency mode 'warp': speedy's segments)"),
        RunSettings.of(event(SessionEventType.START, "warp", false, null)));
  }
}
