package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} counts what publishers sent and what Kafka acknowledged. */
class MetricsEndpointITCase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void roomsMessagesBytesAndPublishLatencyAreCountedExactly() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(TestTopics.create(broker, 1));
    WebSocketClient client = new WebSocketClient();
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer server =
            new IngestServer(
                    new IngestServerConfig(
                        "127.0.0.1",
                        0,
                        PublishTokens.openMode(),
                        Duration.ofSeconds(30),
                        64 * 1024,
                        Duration.ofSeconds(5)),
                    publisher,
                    100,
                    System::currentTimeMillis)
                .start()) {
      client.start();
      Map<String, String> idle = scrape(server);
      assertEquals("0", idle.get("captionflow_bridge_rooms_open"));
      assertEquals("0", idle.get("captionflow_bridge_publish_latency_seconds_count"));

      TestPublisherClient c = new TestPublisherClient();
      client
          .connect(
              c,
              new ClientUpgradeRequest(
                  URI.create("ws://127.0.0.1:" + server.port() + "/ws/ingest/metered")))
          .get(10, TimeUnit.SECONDS);
      c.nextMessage(); // ready
      c.sendBinary(new byte[3200]); // one 100 ms chunk each
      c.sendBinary(new byte[3200]);
      String config1 = "{\"type\":\"config\",\"lang\":\"de\"}";
      c.sendText(config1);
      c.nextMessage(); // configured: every message before it has been handled
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (publisher.acknowledgedRecords() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(20); // START, two chunks, the new START
      }

      Map<String, String> m = scrape(server);
      assertEquals("1", m.get("captionflow_bridge_rooms_open"));
      assertEquals("2", m.get("captionflow_bridge_received_messages_total{kind=\"binary\"}"));
      assertEquals("1", m.get("captionflow_bridge_received_messages_total{kind=\"text\"}"));
      assertEquals(
          String.valueOf(6400 + config1.getBytes(StandardCharsets.UTF_8).length),
          m.get("captionflow_bridge_received_bytes_total"));
      assertEquals("0", m.get("captionflow_bridge_refused_messages_total"));
      assertEquals("0", m.get("captionflow_bridge_rooms_refused_total"));
      assertEquals("4", m.get("captionflow_bridge_acknowledged_records_total"));
      assertEquals("0", m.get("captionflow_bridge_buffered_records"));
      assertEquals("600", m.get("captionflow_bridge_buffer_capacity_records"));
      assertEquals("0", m.get("captionflow_bridge_publisher_failed"));
      assertEquals("4", m.get("captionflow_bridge_publish_latency_seconds_count"));
      assertEquals("4", m.get("captionflow_bridge_publish_latency_seconds_bucket{le=\"+Inf\"}"));

      c.sendText("{\"type\":\"dance\"}");
      assertEquals(4400, c.awaitClose().code());
      assertEquals("1", scrape(server).get("captionflow_bridge_refused_messages_total"));
    } finally {
      client.stop();
    }
  }

  /** Series to value; checks the content type and that every family has HELP and TYPE. */
  static Map<String, String> scrape(IngestServer server) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""));
    Map<String, String> series = new LinkedHashMap<>();
    String family = null;
    for (String line : response.body().lines().toList()) {
      if (line.startsWith("# HELP ")) {
        family = line.split(" ")[2];
      } else if (line.startsWith("# TYPE ")) {
        assertEquals(family, line.split(" ")[2], line);
      } else {
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, space);
        assertEquals(true, name.startsWith(family), name + " under " + family);
        series.put(name, line.substring(space + 1));
      }
    }
    return series;
  }
}
