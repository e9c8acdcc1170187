package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.Topics;
import io.captionflow.sink.session.WireMessages;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With Kafka unreachable the sink is not ready (503 on /health) but stays alive (200 on
 * /health/live).
 */
class HealthEndpointsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(SubtitleSinkServer sink, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void kafkaOutageMakesTheSinkUnreadyButNotDead() throws Exception {
    String deadBootstrap;
    try (ServerSocket s = new ServerSocket(0)) {
      deadBootstrap = "127.0.0.1:" + s.getLocalPort(); // nothing listens there once closed
    }
    SinkConfig config =
        SinkConfig.defaults(deadBootstrap, Topics.DEFAULT.withPrefix("unreachable."))
            .withPort(0)
            .withHost("127.0.0.1");
    try (SubtitleSinkServer sink = new SubtitleSinkServer(config).start()) {
      Await.until(
          "the consumer to give up on the broker",
          Duration.ofSeconds(30),
          () ->
              sink.kafkaHealth()
                  .status()
                  .startsWith("waiting: Kafka not reachable at " + deadBootstrap),
          () -> sink.kafkaHealth().toString());

      HttpResponse<String> ready = get(sink, "/health");
      assertEquals(503, ready.statusCode());
      JsonNode body = WireMessages.JSON.readTree(ready.body());
      assertEquals("DOWN", body.get("status").asText());
      assertFalse(body.get("kafka").get("reachable").asBoolean());
      assertEquals(sink.kafkaHealth().status(), body.get("kafka").get("status").asText());

      HttpResponse<String> live = get(sink, "/health/live");
      assertEquals(200, live.statusCode());
      assertEquals("UP", WireMessages.JSON.readTree(live.body()).get("status").asText());
    }
  }
}
