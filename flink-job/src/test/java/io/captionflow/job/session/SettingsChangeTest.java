package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SettingsChangeTest {

  @Test
  void aNewModeIsTakenWithDiarizationAsAtTheStart() {
    SessionSettings current = SessionSettings.of(LatencyMode.SPEEDY).withDiarization(true, 3);
    SettingsChange change =
        SettingsChange.of(
            current, SessionSettings.of(LatencyMode.CHUNKED).withDiarization(true, 3));
    assertEquals(SessionSettings.of(LatencyMode.CHUNKED).withDiarization(true, 3), change.next());
    assertEquals("settings changed mid-session", change.reason());
  }

  @Test
  void askingForOtherSpeakersKeepsTheSessionsOwn() {
    SessionSettings current = SessionSettings.of(LatencyMode.SPEEDY);
    SettingsChange change =
        SettingsChange.of(current, SessionSettings.of(LatencyMode.SPEEDY).withDiarization(true, 2));
    assertEquals(current, change.next());
    assertEquals(
        "settings changed mid-session; diarization stays off as at the session's start",
        change.reason());
  }

  @Test
  void aRefusedChangeNamesTheModeKept() {
    assertEquals(
        "settings change refused, the session keeps latency mode 'speedy': no model",
        SettingsChange.refused(SessionSettings.of(LatencyMode.SPEEDY), "no model"));
  }
}
