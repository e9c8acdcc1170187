package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  @Test
  void namesAreTheRunbooksFailureScenarios() {
    assertEquals(
        List.of(
            "none",
            "kill-taskmanager",
            "restart-broker",
            "kill-sink",
            "kill-jobmanager",
            "kill-bridge"),
        Arrays.stream(Scenario.values()).map(Scenario::id).toList());
    assertEquals(Scenario.KILL_SINK, Scenario.of("kill-sink"));
  }

  @Test
  void anUnknownNameIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.of("kill-everything"));
    assertEquals(
        "unknown scenario 'kill-everything'; one of none, kill-taskmanager, restart-broker, "
            + "kill-sink, kill-jobmanager, kill-bridge",
        e.getMessage());
  }
}
