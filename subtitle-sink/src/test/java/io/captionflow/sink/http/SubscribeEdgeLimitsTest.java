package io.captionflow.sink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.edge.guard.ConnectionGuardSettings;
import io.captionflow.edge.server.EdgeServer;
import io.captionflow.schema.Topics;
import io.captionflow.sink.Events;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.WsClient;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.testsupport.UpgradeAttempt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The subscribe WebSocket's edge limits in the real server (no broker needed): message size, the
 * per-client connection rate and allowed origins.
 */
class SubscribeEdgeLimitsTest {

  private static final String PATH = "/ws/sessions/room-a?token=t";

  private final SessionRegistry registry = new SessionRegistry(100);
  private final ConsumerHealth kafka =
      new ConsumerHealth("segments", true, "reading", 1, 0, 0, true, 0, 0);
  private ScheduledExecutorService scheduler;
  private WebSocketClient client;
  private EdgeServer server;
  private int port;

  @BeforeEach
  void startClient() throws Exception {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    client = new WebSocketClient();
    client.start();
  }

  private void startSink(Map<String, String> guardEnv) throws Exception {
    SinkConfig config =
        SinkConfig.defaults("127.0.0.1:1", Topics.DEFAULT)
            .withPort(0)
            .withHost("127.0.0.1")
            .withAccess(SubscribeTokens.parse("*=t"), false)
            .withMaxMessageBytes(256)
            .withGuard(ConnectionGuardSettings.fromEnvironment(guardEnv));
    server = SinkHttpServer.assemble(config, registry, new FanoutStats(), () -> kafka, scheduler);
    server.start();
    port = server.port();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    if (server != null) {
      server.stop();
    }
    scheduler.shutdownNow();
  }

  private String url() {
    return "ws://127.0.0.1:" + port + PATH;
  }

  @Test
  void anOversizeMessageClosesThatSubscriberWith1009AndTheSinkKeepsServing() throws Exception {
    startSink(Map.of());
    WsClient bystander = WsClient.connect(client, url());
    WsClient big = WsClient.connect(client, url());
    awaitMessages(List.of(bystander, big), 1); // hello

    big.sendText("x".repeat(257));
    assertTrue(big.awaitClose(Duration.ofSeconds(10)), "closed");
    assertEquals(1009, big.closeCode);

    WsClient small = WsClient.connect(client, url());
    small.sendText("x".repeat(256)); // exactly the limit: fine
    awaitMessages(List.of(small), 1);
    registry.accept(Events.finalSegment("room-a", 0, "still serving", null), 1000);
    awaitMessages(List.of(bystander, small), 2);
    assertEquals(List.of("hello", "segment"), bystander.types());
    assertEquals(List.of("hello", "segment"), small.types());
    assertEquals(1, small.closed.getCount(), "the limit-sized message closed nothing");
  }

  @Test
  void overItsConnectionRateAClientGets429WithRetryAfterAndOthersAreServed() throws Exception {
    startSink(
        Map.of(
            "CAPTIONFLOW_CONNECT_RATE", "0.2",
            "CAPTIONFLOW_CONNECT_BURST", "2",
            "CAPTIONFLOW_TRUSTED_PROXIES", "127.0.0.1"));
    assertEquals(101, UpgradeAttempt.send(port, PATH).status());
    assertEquals(101, UpgradeAttempt.send(port, PATH).status());
    UpgradeAttempt refused = UpgradeAttempt.send(port, PATH);
    assertEquals(429, refused.status());
    assertEquals("5", refused.headers().get("retry-after"));
    // the API is no WebSocket upgrade: not limited
    HttpResponse<String> api =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/config"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, api.statusCode());
    // behind the trusted proxy (127.0.0.1 here) each forwarded client has its own bucket
    assertEquals(101, UpgradeAttempt.send(port, PATH, "X-Forwarded-For", "203.0.113.7").status());
    assertEquals(101, UpgradeAttempt.send(port, PATH, "X-Forwarded-For", "203.0.113.7").status());
    assertEquals(429, UpgradeAttempt.send(port, PATH, "X-Forwarded-For", "203.0.113.7").status());
    assertEquals(101, UpgradeAttempt.send(port, PATH, "X-Forwarded-For", "198.51.100.8").status());
  }

  @Test
  void aPageFromAnOriginNotListedGets403() throws Exception {
    startSink(Map.of("CAPTIONFLOW_ALLOWED_ORIGINS", "https://captions.example.org"));
    assertEquals(
        101, UpgradeAttempt.send(port, PATH, "Origin", "https://captions.example.org").status());
    assertEquals(403, UpgradeAttempt.send(port, PATH, "Origin", "https://evil.example").status());
    assertEquals(101, UpgradeAttempt.send(port, PATH).status(), "no Origin: not a browser");
  }

  @Test
  void withRequireOriginAClientWithoutOneGets403() throws Exception {
    startSink(
        Map.of(
            "CAPTIONFLOW_ALLOWED_ORIGINS", "https://captions.example.org",
            "CAPTIONFLOW_REQUIRE_ORIGIN", "true"));
    assertEquals(403, UpgradeAttempt.send(port, PATH).status());
    assertEquals(
        101, UpgradeAttempt.send(port, PATH, "Origin", "https://captions.example.org").status());
  }

  private static void awaitMessages(List<WsClient> viewers, int count) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (viewers.stream().anyMatch(v -> v.messages.size() < count)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("viewers did not get " + count + " messages");
      }
      Thread.sleep(10);
    }
  }
}
