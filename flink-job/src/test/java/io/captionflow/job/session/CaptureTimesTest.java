package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureTimesTest {

  @Test
  void aWordTakesTheCaptureTimeOfTheChunkHoldingItsEnd() {
    CaptureTimes times = new CaptureTimes();
    assertNull(times.at(0.05, 1.0));
    times.add(1600, 1_000); // 0.0-0.1 s
    times.add(3200, 1_100); // 0.1-0.2 s
    assertEquals(1_000L, times.at(0.05, 1.0));
    assertEquals(1_000L, times.at(0.1, 1.0));
    assertEquals(1_100L, times.at(0.15, 1.0));
    // a token ending after the audio its decode saw answers with the chunk at that audio
    assertEquals(1_000L, times.at(0.3, 0.1));
    // past every chunk: the latest
    assertEquals(1_100L, times.at(0.5, 1.0));
  }

  @Test
  void silenceCountsAsCapturedWithTheAudioBeforeIt() {
    CaptureTimes times = new CaptureTimes();
    times.extendOverSilence(1600); // nothing captured yet: nothing to extend
    assertEquals(List.of(), times.entries());
    times.add(1600, 1_000);
    times.extendOverSilence(4800);
    assertEquals(1_000L, times.at(0.25, 1.0));
    assertEquals(2, times.entries().size());
    assertEquals(4800L, times.entries().get(1)[0]);
  }

  @Test
  void forgettingKeepsTheLatestChunk() {
    CaptureTimes times = new CaptureTimes();
    times.add(1600, 1_000);
    times.add(3200, 1_100);
    times.add(4800, 1_200);
    times.forgetBefore(3200);
    assertEquals(2, times.entries().size());
    assertEquals(1_100L, times.at(0.0, 1.0));
    times.forgetBefore(100_000);
    assertEquals(1, times.entries().size());
    assertEquals(1_200L, times.at(0.0, 1.0));
  }
}
