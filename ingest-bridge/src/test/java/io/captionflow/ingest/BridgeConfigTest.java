package io.captionflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

  @Test
  void kafkaClientSettingsComeFromTheEnvironmentAndSurviveEveryCopy() {
    BridgeConfig config =
        BridgeConfig.fromEnvironment(
                Map.of(
                    "CAPTIONFLOW_KAFKA_BOOTSTRAP", "kafka:9092",
                    "CAPTIONFLOW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "CAPTIONFLOW_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512"))
            .withBootstrapServers("other:9092")
            .withChunkMillis(200);
    assertEquals(
        Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512"),
        config.kafkaClient());
    assertEquals("other:9092", config.bootstrapServers());
    assertEquals(Map.of(), BridgeConfig.fromEnvironment(Map.of()).kafkaClient());
  }
}
