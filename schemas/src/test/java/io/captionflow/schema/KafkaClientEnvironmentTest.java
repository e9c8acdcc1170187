package io.captionflow.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientEnvironmentTest {

  @Test
  void prefixedVariablesBecomeClientProperties() {
    assertEquals(
        Map.of(
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
        KafkaClientEnvironment.properties(
            Map.of(
                "CAPTIONFLOW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "CAPTIONFLOW_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "CAPTIONFLOW_KAFKA_CLIENT_SASL_JAAS_CONFIG",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "CAPTIONFLOW_KAFKA_BOOTSTRAP", "kafka:9092",
                "HOME", "/home/x")));
  }

  @Test
  void noVariablesNoProperties() {
    assertEquals(Map.of(), KafkaClientEnvironment.properties(Map.of("PATH", "/bin")));
  }

  @Test
  void malformedNamesAndTheBootstrapServersAreErrorsNamingTheVariable() {
    assertEquals(
        "CAPTIONFLOW_KAFKA_CLIENT_sasl.mechanism is not a Kafka client setting: write"
            + " CAPTIONFLOW_KAFKA_CLIENT_<PROPERTY>, e.g. CAPTIONFLOW_KAFKA_CLIENT_SECURITY_PROTOCOL"
            + " for security.protocol",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    KafkaClientEnvironment.properties(
                        Map.of("CAPTIONFLOW_KAFKA_CLIENT_sasl.mechanism", "PLAIN")))
            .getMessage());
    assertEquals(
        "CAPTIONFLOW_KAFKA_CLIENT_BOOTSTRAP_SERVERS: set the brokers with"
            + " CAPTIONFLOW_KAFKA_BOOTSTRAP",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    KafkaClientEnvironment.properties(
                        Map.of("CAPTIONFLOW_KAFKA_CLIENT_BOOTSTRAP_SERVERS", "x:9092")))
            .getMessage());
  }
}
