package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.job.session.LatencyMode;
import org.junit.jupiter.api.Test;

class StreamBenchJsonTest {

  @Test
  void aResultIsOneJsonObjectWithEveryNumberScriptsReadByName() throws Exception {
    var result =
        new StreamBenchSession.Result(
            LatencyMode.SPEEDY,
            2,
            83,
            new long[] {480, 560, 600},
            new long[] {320, 480, 520},
            new long[] {1400, 2600, 3240},
            37.6,
            0.141,
            263035,
            36_912.4,
            Double.NaN,
            new StreamBenchSession.Churn(12, 1, 3));
    JsonNode json = new ObjectMapper().readTree(StreamBenchReport.toJson(60.0, result));
    assertEquals("speedy", json.get("mode").asText());
    assertEquals(2, json.get("agreement").asInt());
    assertEquals(83, json.get("words").asInt());
    assertEquals(560, json.get("confirmedMs").get("p95").asLong());
    assertEquals(480, json.get("confirmedFromSpokenEndMs").get("p95").asLong());
    assertEquals(3240, json.get("segmentMs").get("p99").asLong());
    assertEquals(37.6, json.get("encoderFactor").asDouble(), 1e-9);
    assertEquals(263035, json.get("stateBytes").asInt());
    assertEquals(36912, json.get("stateBytesPerAudioSecond").asLong());
    assertEquals(12, json.get("wordsRevised").asLong());
    assertEquals(1, json.get("wordsForcedOut").asLong());
    assertEquals(3, json.get("wordsDroppedAtEdge").asLong());
  }

  @Test
  void withoutTheSpokenWordsTheirLatencyIsNull() throws Exception {
    var result =
        new StreamBenchSession.Result(
            LatencyMode.STREAMING,
            1,
            7,
            new long[] {588, 748, 828},
            null,
            new long[] {1388, 2668, 3227},
            1.01,
            0.013,
            198183,
            20_000,
            Double.NaN,
            new StreamBenchSession.Churn(0, 0, 0));
    JsonNode json = new ObjectMapper().readTree(StreamBenchReport.toJson(3.6, result));
    assertEquals("streaming", json.get("mode").asText());
    assertEquals(748, json.get("confirmedMs").get("p95").asLong());
    assertEquals(true, json.get("confirmedFromSpokenEndMs").isNull());
  }
}
