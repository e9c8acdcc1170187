package io.captionflow.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.TestData;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.ingest.websocket.IngestServer;
import io.captionflow.ingest.websocket.IngestServerConfig;
import io.captionflow.ingest.websocket.PublishTokens;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/** No broker at all: the bounded buffer fills, sources are held back, then told clearly. */
class UnreachableBrokerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A local port with nothing listening. */
  private static String deadBootstrap() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  private static BridgeConfig config(int bufferChunks, Duration maxBlock) throws IOException {
    return BridgeConfig.fromEnvironment(Map.of())
        .withBootstrapServers(deadBootstrap())
        .withTopics(Topics.DEFAULT.withPrefix("unreachable."))
        .withBuffer(bufferChunks, maxBlock);
  }

  @Test
  void fileSourceFailsWithAClearErrorWhenTheBoundIsExceeded() throws Exception {
    BridgeConfig config = config(5, Duration.ofMillis(500));
    PublishBufferFullException e =
        assertThrows(
            PublishBufferFullException.class,
            () ->
                SourceIngest.run(
                    config,
                    "no-broker",
                    new StartSettings(null, null, "test"),
                    AudioFiles.open(TestData.speech("0.wav")),
                    0,
                    (d, t) -> {}));
    assertTrue(
        e.getMessage()
            .startsWith(
                "publish buffer full: 5 records (bound 5) not acknowledged by Kafka at "
                    + config.bootstrapServers()
                    + " for 500 ms; is the broker reachable?"),
        e.getMessage());
  }

  @Test
  void webSocketClientIsToldAboutBackPressureThenClosedWith1013() throws Exception {
    BridgeConfig config = config(10, Duration.ofMillis(500));
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer server =
            new IngestServer(
                    new IngestServerConfig(
                        "127.0.0.1",
                        0,
                        PublishTokens.openMode(),
                        Duration.ofSeconds(30),
                        64 * 1024,
                        Duration.ofMillis(500)),
                    publisher,
                    100,
                    System::currentTimeMillis)
                .start()) {
      WebSocketClient client = new WebSocketClient();
      client.start();
      try {
        Listener listener = new Listener();
        client
            .connect(
                listener,
                new ClientUpgradeRequest(
                    URI.create("ws://127.0.0.1:" + server.port() + "/ws/ingest/stalled")))
            .get(10, TimeUnit.SECONDS);
        assertEquals(
            "ready",
            JSON.readTree(listener.messages.poll(10, TimeUnit.SECONDS)).get("type").asText());
        for (int i = 0; i < 20 && !listener.closed.isDone(); i++) {
          Callback.Completable sent = new Callback.Completable();
          listener.session.sendBinary(ByteBuffer.allocate(3200), sent); // one chunk each
          try {
            sent.get(10, TimeUnit.SECONDS);
          } catch (Exception closedMeanwhile) {
            break;
          }
        }
        int code = listener.closed.get(15, TimeUnit.SECONDS);
        assertEquals(1013, code);
        List<JsonNode> received = new ArrayList<>();
        for (String m : listener.messages) {
          received.add(JSON.readTree(m));
        }
        assertTrue(
            received.stream()
                .anyMatch(
                    m ->
                        m.path("type").asText().equals("status")
                            && m.path("state").asText().equals("backpressure")
                            && m.path("capacity").asInt() == 10),
            received.toString());
        assertTrue(
            received.stream()
                .anyMatch(
                    m ->
                        m.path("type").asText().equals("error")
                            && m.path("error").asText().startsWith("publish buffer full")),
            received.toString());
      } finally {
        client.stop();
      }
    }
  }

  /** Public for Jetty's reflection. */
  public static class Listener implements Session.Listener.AutoDemanding {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
      messages.add(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      closed.complete(statusCode);
    }
  }
}
