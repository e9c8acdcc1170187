package io.captionflow.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.ingest.BridgeConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProducerPropertiesTest {

  @Test
  void authenticationSettingsAreAddedButNeverWeakenDelivery() {
    BridgeConfig config =
        BridgeConfig.fromEnvironment(
            Map.of(
                "CAPTIONFLOW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "CAPTIONFLOW_KAFKA_CLIENT_ACKS", "0"));
    Properties p = KafkaAudioPublisher.producerProperties(config);
    assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
    assertEquals("all", p.get("acks"), "the bridge's own settings win");
    assertEquals(true, p.get("enable.idempotence"));
  }
}
