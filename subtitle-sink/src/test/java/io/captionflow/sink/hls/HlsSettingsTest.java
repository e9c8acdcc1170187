package io.captionflow.sink.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HlsSettingsTest {

  @Test
  void environmentOverridesTheDefaults() {
    assertEquals(HlsSettings.DEFAULT, HlsSettings.fromEnvironment(Map.of()));
    HlsSettings s =
        HlsSettings.fromEnvironment(
            Map.of(
                "CAPTIONFLOW_HLS_SEGMENT_SECONDS", "6",
                "CAPTIONFLOW_HLS_WINDOW", "20",
                "CAPTIONFLOW_HLS_SETTLE_MILLIS", "2500",
                "CAPTIONFLOW_HLS_MPEGTS_OFFSET", "10.5",
                "CAPTIONFLOW_HLS_PROGRAM_DATE_TIME", "false"));
    assertEquals(new HlsSettings(6, 20, Duration.ofMillis(2500), 10.5, false), s);
    assertEquals(945_000, s.mpegtsTicks());
  }

  @Test
  void theOffsetWrapsAt33BitsLikeAPresentationTimestamp() {
    // 2^33 ticks is 95443.717689 s: one second past it is 90 000 ticks again.
    assertEquals(90_000, new HlsSettings(4, 3, Duration.ZERO, 95444.717689, true).mpegtsTicks());
  }

  @Test
  void badValuesAreRefusedNamingTheProblem() {
    assertEquals(
        "CAPTIONFLOW_HLS_WINDOW must be a whole number, got 'ten'",
        assertThrows(
                IllegalArgumentException.class,
                () -> HlsSettings.fromEnvironment(Map.of("CAPTIONFLOW_HLS_WINDOW", "ten")))
            .getMessage());
    assertEquals(
        "HLS segment duration must be 1..60 whole seconds, got 0",
        assertThrows(
                IllegalArgumentException.class, () -> new HlsSettings(0, 3, Duration.ZERO, 0, true))
            .getMessage());
    assertEquals(
        "HLS MPEG-TS offset must be a number of seconds >= 0, got -1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new HlsSettings(4, 3, Duration.ZERO, -1, true))
            .getMessage());
  }
}
