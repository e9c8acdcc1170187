package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.edge.guard.ConnectionGuardSettings;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.testsupport.UpgradeAttempt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest WebSocket's connection guard in the real server. No broker: a session publishes
 * nothing before its first audio, and these connections send none.
 */
class IngestEdgeLimitsTest {

  private static final String TOKEN = "edge-token";

  private final AtomicInteger rooms = new AtomicInteger();
  private KafkaAudioPublisher publisher;
  private IngestServer server;

  private void start(Map<String, String> guardEnv) throws Exception {
    publisher =
        new KafkaAudioPublisher(
            BridgeConfig.fromEnvironment(Map.of()).withBootstrapServers("127.0.0.1:1"));
    server =
        new IngestServer(
                new IngestServerConfig(
                    "127.0.0.1",
                    0,
                    PublishTokens.of(TOKEN),
                    Duration.ofSeconds(1),
                    64 * 1024,
                    Duration.ofSeconds(1),
                    ConnectionGuardSettings.fromEnvironment(guardEnv),
                    Duration.ZERO), // no broker to look sessions up in
                publisher,
                100,
                System::currentTimeMillis)
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    publisher.close();
  }

  /** A new room each time, so no attempt finds the room busy. */
  private UpgradeAttempt attempt(String... headers) throws Exception {
    return UpgradeAttempt.send(
        server.port(), "/ws/ingest/edge-" + rooms.incrementAndGet() + "?token=" + TOKEN, headers);
  }

  @Test
  void overItsConnectionRateAPublisherGets429WithRetryAfterAndOthersAreServed() throws Exception {
    start(
        Map.of(
            "CAPTIONFLOW_CONNECT_RATE", "0.1",
            "CAPTIONFLOW_CONNECT_BURST", "2",
            "CAPTIONFLOW_TRUSTED_PROXIES", "127.0.0.0/8"));
    assertEquals(101, attempt().status());
    assertEquals(101, attempt().status());
    UpgradeAttempt refused = attempt();
    assertEquals(429, refused.status());
    assertEquals("10", refused.headers().get("retry-after"));
    // health and metrics are no upgrades: never limited
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    assertEquals(
        true,
        metrics
            .body()
            .contains("captionflow_bridge_refused_connections_total{reason=\"rate\"} 1\n"),
        metrics.body());
    // behind the trusted proxy each forwarded encoder has its own bucket; a forged hop does not
    // help
    assertEquals(101, attempt("X-Forwarded-For", "203.0.113.20").status());
    assertEquals(101, attempt("X-Forwarded-For", "203.0.113.20").status());
    assertEquals(429, attempt("X-Forwarded-For", "198.51.100.1, 203.0.113.20").status());
    assertEquals(101, attempt("X-Forwarded-For", "198.51.100.1").status());
  }

  @Test
  void aPageFromAnOriginNotListedGets403AndAListedOneIsReady() throws Exception {
    start(Map.of("CAPTIONFLOW_ALLOWED_ORIGINS", "https://studio.example.org"));
    assertEquals(403, attempt("Origin", "https://evil.example").status());
    assertEquals(101, attempt().status(), "an encoder sends no Origin: allowed");

    WebSocketClient client = new WebSocketClient();
    client.start();
    try {
      TestPublisherClient browser = new TestPublisherClient();
      ClientUpgradeRequest request =
          new ClientUpgradeRequest(
              URI.create("ws://127.0.0.1:" + server.port() + "/ws/ingest/studio?token=" + TOKEN));
      request.setHeader("Origin", "https://studio.example.org");
      client.connect(browser, request).get(10, TimeUnit.SECONDS);
      assertEquals(
          "ready", new ObjectMapper().readTree(browser.nextMessage()).get("type").asText());
    } finally {
      client.stop();
    }
  }

  @Test
  void withRequireOriginAClientWithoutOneGets403() throws Exception {
    start(
        Map.of(
            "CAPTIONFLOW_ALLOWED_ORIGINS", "https://studio.example.org",
            "CAPTIONFLOW_REQUIRE_ORIGIN", "true"));
    assertEquals(403, attempt().status());
    assertEquals(101, attempt("Origin", "https://studio.example.org").status());
  }
}
