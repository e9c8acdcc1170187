package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.sink.session.WireMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A tiny sink-bench: 50 subscribers in two child JVMs, every delivery timed, JSON written. */
class SinkBenchCommandITCase {

  @Test
  void everySubscriberReceivesEveryMeasuredSegmentAndTheResultIsWrittenAsJson(@TempDir Path dir)
      throws Exception {
    Path json = dir.resolve("bench.json");
    int exit =
        new CommandLine(new SinkBenchCommand())
            .execute(
                "--subscribers=50",
                "--client-processes=2",
                "--segments=6",
                "--warmup=2",
                "--interval-ms=50",
                "--json=" + json);
    assertEquals(0, exit);
    JsonNode result = WireMessages.JSON.readTree(Files.readString(json));
    assertEquals("sink-bench", result.get("benchmark").asText());
    assertEquals(1, result.get("runs").size());
    int[] subscribers = {50};
    for (int i = 0; i < 1; i++) {
      JsonNode run = result.get("runs").get(i);
      assertEquals(subscribers[i], run.get("subscribers").asInt());
      assertEquals(2, run.get("clientProcesses").asInt());
      assertEquals(6, run.get("segments").asInt());
      assertEquals(subscribers[i] * 6L, run.get("expected").asLong());
      assertEquals(subscribers[i] * 6L, run.get("received").asLong());
      double p50 = run.get("p50Millis").asDouble();
      double p99 = run.get("p99Millis").asDouble();
      double max = run.get("maxMillis").asDouble();
      assertTrue(0 < p50 && p50 <= p99 && p99 <= max && max < 30_000, run.toString());
    }
  }
}
