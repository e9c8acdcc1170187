package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

  @Test
  void defaultsFollowTheProjectConventions() {
    SinkConfig c = SinkConfig.fromEnvironment(Map.of());
    assertEquals(8080, c.port());
    assertEquals("127.0.0.1:9092", c.kafkaBootstrap());
    assertEquals("captionflow.segments", c.topics().segments());
    assertFalse(c.openAccess());
    assertTrue(c.tokens().isEmpty());
    assertEquals(4096, c.maxMessageBytes());
    assertFalse(c.guard().limitsRate());
    assertTrue(c.guard().allowedOrigins().isOpen());
    assertEquals(Map.of(), c.kafkaClient());
  }

  @Test
  void edgeLimitsAndKafkaAuthenticationComeFromTheEnvironment() {
    SinkConfig c =
        SinkConfig.fromEnvironment(
            Map.of(
                "CAPTIONFLOW_SINK_MAX_MESSAGE_BYTES", "1024",
                "CAPTIONFLOW_CONNECT_RATE", "2",
                "CAPTIONFLOW_ALLOWED_ORIGINS", "https://captions.example.org",
                "CAPTIONFLOW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
    assertEquals(1024, c.maxMessageBytes());
    assertEquals(2.0, c.guard().connectRate());
    assertEquals(
        java.util.Optional.of("forbidden: origin not allowed"),
        c.guard().allowedOrigins().refusal("https://evil.example"));
    assertEquals(Map.of("security.protocol", "SASL_PLAINTEXT"), c.kafkaClient());
    assertEquals(
        "max message size must be at least 125 bytes (a WebSocket control frame), got 100",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    SinkConfig.fromEnvironment(Map.of("CAPTIONFLOW_SINK_MAX_MESSAGE_BYTES", "100")))
            .getMessage());
  }

  @Test
  void environmentOverridesEverything() {
    SinkConfig c =
        SinkConfig.fromEnvironment(
            Map.of(
                "CAPTIONFLOW_SINK_PORT",
                "9000",
                "CAPTIONFLOW_KAFKA_BOOTSTRAP",
                "kafka:9092",
                "CAPTIONFLOW_TOPIC_SEGMENTS",
                "x.segments",
                "CAPTIONFLOW_SINK_HISTORY",
                "20",
                "CAPTIONFLOW_SINK_QUEUE_LIMIT",
                "7",
                "CAPTIONFLOW_SINK_LOOKBACK",
                "15m",
                "CAPTIONFLOW_SUBSCRIBE_TOKENS",
                "a=b",
                "CAPTIONFLOW_OPEN_ACCESS",
                "true",
                "CAPTIONFLOW_SPEAKER_COLOURS",
                "#fff, yellow"));
    assertEquals(9000, c.port());
    assertEquals("kafka:9092", c.kafkaBootstrap());
    assertEquals("x.segments", c.topics().segments());
    assertEquals(20, c.historySize());
    assertEquals(7, c.sendQueueLimit());
    assertEquals(Duration.ofMinutes(15), c.lookback());
    assertTrue(c.tokens().allows("a", "b"));
    assertTrue(c.openAccess());
    assertEquals(java.util.List.of("#fff", "yellow"), c.speakerColours());
  }

  @Test
  void badValuesNameTheProblem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SinkConfig.fromEnvironment(Map.of("CAPTIONFLOW_SINK_PORT", "eighty")));
    assertEquals("CAPTIONFLOW_SINK_PORT must be a whole number, got 'eighty'", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SinkConfig.fromEnvironment(Map.of("CAPTIONFLOW_SINK_LOOKBACK", "soon")));
    assertTrue(
        e.getMessage().startsWith("CAPTIONFLOW_SINK_LOOKBACK: not a duration"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SinkConfig.fromEnvironment(Map.of("CAPTIONFLOW_SINK_HISTORY", "0")));
    assertEquals(Duration.ofHours(2), SinkConfig.parseDuration("PT2H"));
    assertEquals(Duration.ofSeconds(90), SinkConfig.parseDuration("90s"));
  }
}
