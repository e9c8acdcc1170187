package io.captionflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {

  final JobConfig defaults = JobConfig.fromEnvironment(Map.of());

  @Test
  void theDefaultsEndSessionsInStreamOrderWithAReorderBoundOfSixtyFourChunks() {
    assertEquals(64, defaults.reorderWindow());
    assertEquals(64, defaults.sessionDefaults().reorderWindow());
    assertEquals(Duration.ofSeconds(30), defaults.caughtUpAfter());
    assertEquals(Duration.ofMinutes(5), defaults.idleExpiry());
    assertEquals(Duration.ofSeconds(5), defaults.endGrace());
  }

  @Test
  void theWithersChangeOnlyTheirOwnSetting() {
    JobConfig c = defaults.withReorderWindow(16).withCaughtUpAfter(Duration.ofSeconds(3));
    assertEquals(16, c.reorderWindow());
    assertEquals(Duration.ofSeconds(3), c.caughtUpAfter());
    assertEquals(defaults.idleExpiry(), c.idleExpiry());
    assertEquals(defaults.endGrace(), c.endGrace());
    assertEquals(Duration.ofSeconds(3), c.withPartials(false).caughtUpAfter());
    assertEquals(16, c.withExpiry(Duration.ofMinutes(1), Duration.ofSeconds(1)).reorderWindow());
  }

  @Test
  void aBoundOrPeriodThatMakesNoSenseIsRefusedWithItsName() {
    assertEquals(
        "reorder window must be at least 1 chunk, got 0",
        assertThrows(IllegalArgumentException.class, () -> defaults.withReorderWindow(0))
            .getMessage());
    assertEquals(
        "the caught-up period must be positive, got PT-1S",
        assertThrows(
                IllegalArgumentException.class,
                () -> defaults.withCaughtUpAfter(Duration.ofSeconds(-1)))
            .getMessage());
  }

  @Test
  void theEnvironmentSetsPrecisionDeviceAndOrtThreads() {
    JobConfig c =
        JobConfig.fromEnvironment(
            Map.of(
                "CAPTIONFLOW_PRECISION", "int8",
                "CAPTIONFLOW_DEVICE", "cuda:3",
                "CAPTIONFLOW_ORT_THREADS", "12"));
    assertEquals("int8", c.models().precision());
    assertEquals("cuda:3", c.models().device());
    assertEquals(12, c.models().ortThreads());
    assertEquals("fp32", defaults.models().precision());
    assertEquals("cpu", defaults.models().device());
    assertEquals(0, defaults.models().ortThreads());
  }

  @Test
  void aBadOrtThreadsVariableIsRefusedWithItsName() {
    for (String bad : new String[] {"-1", "many", "1.5"}) {
      assertEquals(
          "CAPTIONFLOW_ORT_THREADS must be a whole number >= 0 (0 = ONNX Runtime's default), got '"
              + bad
              + "'",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> JobConfig.fromEnvironment(Map.of("CAPTIONFLOW_ORT_THREADS", bad)))
              .getMessage());
    }
    assertEquals(
        "precision must be one of fp32, fp16, int8, got 'bf16'",
        assertThrows(
                IllegalArgumentException.class,
                () -> JobConfig.fromEnvironment(Map.of("CAPTIONFLOW_PRECISION", "bf16")))
            .getMessage());
  }
}
