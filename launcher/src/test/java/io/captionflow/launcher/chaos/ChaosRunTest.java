package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.captionflow.asr.TimedWord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosRunTest {

  private static SinkSubscriber.Delivered at(double start, double end, long receivedAt) {
    return new SinkSubscriber.Delivered(new TimedWord("ba", start, end, 1f), receivedAt);
  }

  @Test
  void recoveryIsTheLongestAWordWaitedFromTheLaterOfTheFaultAndItsAudio() {
    long sessionStart = 1_000_000;
    long fault = sessionStart + 6_000;
    List<SinkSubscriber.Delivered> words =
        List.of(
            at(4.0, 4.3, fault - 1_000), // arrived before the fault: not counted
            at(5.5, 5.8, fault + 9_000), // spoken before the fault, held back: 9 s from the fault
            at(7.0, 7.4, fault + 10_400), // spoken after it: 10.4 - 1.4 = 9 s from its end
            at(8.0, 8.5, fault + 11_000)); // 11 - 2.5 = 8.5 s
    assertEquals(9_000L, ChaosRun.longestWaitAfter(words, sessionStart, fault));
    assertNull(ChaosRun.longestWaitAfter(words.subList(0, 1), sessionStart, fault));
  }

  @Test
  void aSoakRotatesThroughTheFiveFaultsAndStartsOver() {
    List<Scenario> rounds =
        java.util.stream.IntStream.range(0, 7)
            .mapToObj(i -> ChaosRun.roundScenario(ChaosRun.SOAK_ROTATION, i))
            .toList();
    assertEquals(
        List.of(
            Scenario.KILL_TASKMANAGER,
            Scenario.RESTART_BROKER,
            Scenario.KILL_SINK,
            Scenario.KILL_JOBMANAGER,
            Scenario.KILL_BRIDGE,
            Scenario.KILL_TASKMANAGER,
            Scenario.RESTART_BROKER),
        rounds);
  }
}
