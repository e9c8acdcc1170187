package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SpeedyCapacityTest {

  /** The README's sizing: E ≈ 7 at 24 layers, D(16) ≈ 233, speedy's factor 37.6 → ≈ 0.18. */
  @Test
  void sessionsAreOneOverTheEncoderAndDecoderTimeOfFAudioSeconds() {
    ObjectNode batch = BatchThroughput.JSON.createObjectNode();
    batch.put("batch", 16);
    batch.put("decoderAudioSecondsPerSecond", 233.0);
    batch.put("decoderAudioSecondsPerCpuSecond", 150.0);
    ObjectNode at24 = batch.putObject("extrapolatedTo24Layers");
    at24.put("encoderAudioSecondsPerSecond", 7.0);
    at24.put("encoderAudioSecondsPerCpuSecond", 4.0);

    SpeedyCapacity speedy = SpeedyCapacity.from(batch, 37.6, 2);

    assertEquals(new SpeedyCapacity(16, 7.0, 233.0, 4.0, 150.0, 37.6, 2), speedy);
    // 1 / (37.6 / 7 + 37.6 / 233) = 1 / (5.3714 + 0.1614)
    assertEquals(0.1807, speedy.sessions(), 1e-4);
    assertEquals(0.0904, speedy.sessionsPerCore(), 1e-4);
    assertEquals(0.181, speedy.line().get("sessions").asDouble());
    assertEquals(0.09, speedy.line().get("sessionsPerCore").asDouble());
    assertEquals("speedy", speedy.line().get("mode").asText());
    // per CPU second: 1 / (37.6 / 4 + 37.6 / 150) = 1 / (9.4 + 0.2507)
    assertEquals(0.1036, speedy.sessionsPerCpuCore(), 1e-4);
    assertEquals(0.104, speedy.line().get("sessionsPerCpuCore").asDouble());
  }

  @Test
  void withoutCpuFiguresThePerCpuSessionsAreNull() {
    ObjectNode batch = BatchThroughput.JSON.createObjectNode();
    batch.put("batch", 16);
    batch.put("decoderAudioSecondsPerSecond", 233.0);
    batch.putNull("decoderAudioSecondsPerCpuSecond");
    batch.putObject("extrapolatedTo24Layers").put("encoderAudioSecondsPerSecond", 7.0);

    SpeedyCapacity speedy = SpeedyCapacity.from(batch, 37.6, 2);

    assertEquals(true, Double.isNaN(speedy.sessionsPerCpuCore()));
    assertEquals(true, speedy.line().get("sessionsPerCpuCore").isNull());
    assertEquals(0.181, speedy.line().get("sessions").asDouble());
  }
}
