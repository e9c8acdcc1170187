package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpeakingStateTest {

  @Test
  void aPauseBeginsAtTheRunsStartOrASpeechEndAndOutlivesTheRun() {
    SpeakingState speech = new SpeakingState();
    speech.runStarted(0.5, 1_000);
    assertEquals(0.5, speech.silentSinceSeconds());
    assertEquals(1_000L, speech.silentSinceMillis());

    speech.activity(true, 1.0, 1_500);
    assertTrue(speech.speaking());
    assertNull(speech.silentSinceSeconds());
    assertNull(speech.silentSinceMillis());
    speech.runStarted(1.2, 1_700); // a repeated start does not silence a speaker
    assertNull(speech.silentSinceSeconds());

    speech.activity(false, 2.0, 2_500);
    speech.runOver();
    assertFalse(speech.speaking());
    assertEquals(2.0, speech.silentSinceSeconds());
    assertEquals(2_500L, speech.silentSinceMillis());

    speech.reset();
    assertNull(speech.silentSinceSeconds());
    assertNull(speech.silentSinceMillis());
  }
}
