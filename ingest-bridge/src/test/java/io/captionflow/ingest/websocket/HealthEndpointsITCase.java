package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.ingest.publish.PublishBufferFullException;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.Topics;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the publisher (buffer near its bound, or failed); liveness fails only with the
 * publisher.
 */
class HealthEndpointsITCase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static IngestServer serve(KafkaAudioPublisher publisher) throws Exception {
    return new IngestServer(
            new IngestServerConfig(
                "127.0.0.1",
                0,
                PublishTokens.openMode(),
                Duration.ofSeconds(30),
                64 * 1024,
                Duration.ofSeconds(1)),
            publisher,
            100,
            System::currentTimeMillis)
        .start();
  }

  private static HttpResponse<String> get(IngestServer server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static AudioChunk chunk(String session, long sequence, int pcmBytes) {
    return AudioChunk.newBuilder()
        .setSessionId(session)
        .setSequence(sequence)
        .setSampleRate(16000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.allocate(pcmBytes))
        .setCaptureTimeMillis(0)
        .setEndOfStream(false)
        .build();
  }

  @Test
  void unreachableBrokerMakesTheBridgeUnreadyOnceTheBufferNearsItsBoundButNotDead()
      throws Exception {
    String deadBootstrap;
    try (ServerSocket s = new ServerSocket(0)) {
      deadBootstrap = "127.0.0.1:" + s.getLocalPort(); // nothing listens there once closed
    }
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(deadBootstrap)
            .withTopics(Topics.DEFAULT.withPrefix("unreachable."))
            .withBuffer(10, Duration.ofMillis(100));
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer server = serve(publisher)) {
      for (int i = 0; i < 8; i++) {
        publisher.publish(chunk("stalled", i, 3200), Duration.ZERO);
      }
      assertEquals(200, get(server, "/health").statusCode(), "8 of 10 buffered is still ready");
      assertEquals("ok\n", get(server, "/health").body());

      publisher.publish(chunk("stalled", 8, 3200), Duration.ZERO);
      HttpResponse<String> nearFull = get(server, "/health");
      assertEquals(503, nearFull.statusCode());
      assertEquals(
          "publish buffer near its bound: 9 of 10 records not acknowledged by Kafka at "
              + deadBootstrap
              + "\n",
          nearFull.body());

      publisher.publish(chunk("stalled", 9, 3200), Duration.ZERO);
      assertThrows(
          PublishBufferFullException.class,
          () -> publisher.publish(chunk("stalled", 10, 3200), Duration.ofMillis(10)));
      assertEquals(
          "publish buffer near its bound: 10 of 10 records not acknowledged by Kafka at "
              + deadBootstrap
              + "\n",
          get(server, "/health").body());

      HttpResponse<String> live = get(server, "/health/live");
      assertEquals(200, live.statusCode());
      assertEquals("ok\n", live.body());
    }
  }

  @Test
  void aFailedPublisherMakesTheBridgeUnreadyAndDeadWithTheReason() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    Topics topics = TestTopics.create(broker, 1);
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer server = serve(publisher)) {
      assertEquals(200, get(server, "/health").statusCode());
      // over the producer's max.request.size (1 MiB): Kafka refuses it for good, the publisher
      // fails
      publisher.publish(chunk("too-big", 0, 2 * 1024 * 1024), Duration.ofSeconds(5));
      long deadline = System.nanoTime() + 30_000_000_000L;
      HttpResponse<String> ready = get(server, "/health");
      while (ready.statusCode() == 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        ready = get(server, "/health");
      }
      assertEquals(503, ready.statusCode());
      assertTrue(
          ready
              .body()
              .startsWith(
                  "publisher failed: chunk 0 of session too-big was not delivered to topic "
                      + topics.audio()
                      + ": The message is "),
          ready.body());
      assertEquals(1, ready.body().lines().count(), ready.body());
      HttpResponse<String> live = get(server, "/health/live");
      assertEquals(503, live.statusCode());
      assertEquals(ready.body(), live.body());
    }
  }
}
