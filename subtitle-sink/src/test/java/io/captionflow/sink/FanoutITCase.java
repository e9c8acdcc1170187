package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.testsupport.TestKafka;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * 1 000 subscribers on one session get every segment in order; one stalled subscriber is dropped,
 * alone.
 */
class FanoutITCase {

  private static final int SUBSCRIBERS = 1000;
  private static final int QUEUE_LIMIT = 16;
  private static final String TOKEN = "fanout-token";
  // ~1 KB per message, so a reader that stopped fills its socket buffers after a few dozen
  // segments.
  private static final String FILLER =
      "lorem ipsum dolor sit amet consectetur adipiscing elit sed do ".repeat(3).trim();

  /**
   * Counts segments and checks their order without parsing the whole message (cheap for 1 000
   * clients).
   */
  public static final class OrderedCounter implements Session.Listener.AutoDemanding {
    volatile long received;
    volatile String disorder;

    @Override
    public void onWebSocketText(String message) {
      if (!message.startsWith("{\"type\":\"segment\"")) {
        return;
      }
      int at = message.indexOf("\"sequence\":") + "\"sequence\":".length();
      long sequence = Long.parseLong(message, at, message.indexOf(',', at), 10);
      if (sequence != received && disorder == null) {
        disorder = "expected " + received + " got " + sequence;
      }
      received++;
    }
  }

  /** Segment n of "hall" at n × 20 s: 14 s of words at most, so segments never share audio. */
  private static TranscriptEvent segment(int n, String text, Integer speaker) {
    return Events.segment("hall", "hall/0/" + n * 20_000, n, text, speaker, true, n * 20.0);
  }

  @Test
  void everySubscriberGetsEverySegmentInOrderAndAStalledOneIsDroppedAlone() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    Topics topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    broker.createTopics(List.of(topics.segments()), 1);
    SinkConfig config =
        SinkConfig.defaults(broker.bootstrapServers(), topics)
            .withPort(0)
            .withHost("127.0.0.1")
            .withLimits(100, QUEUE_LIMIT)
            .withAccess(SubscribeTokens.parse("*=" + TOKEN), false);

    HttpClient http = new HttpClient();
    http.setMaxConnectionsPerDestination(SUBSCRIBERS + 10);
    WebSocketClient client = new WebSocketClient(http);

    try (SubtitleSinkServer sink = new SubtitleSinkServer(config).start();
        SegmentProducer producer =
            new SegmentProducer(broker.bootstrapServers(), topics.segments())) {
      client.start();
      URI uri = URI.create("ws://127.0.0.1:" + sink.port() + "/ws/sessions/hall?token=" + TOKEN);

      List<OrderedCounter> counters = new ArrayList<>();
      List<CompletableFuture<Session>> connecting = new ArrayList<>();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        OrderedCounter counter = new OrderedCounter();
        counters.add(counter);
        connecting.add(client.connect(counter, uri));
      }
      CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      RawWsClient stalled =
          new RawWsClient(sink.port(), uri.getRawPath() + "?" + uri.getRawQuery());
      Await.until(
          "all subscribed",
          Duration.ofSeconds(30),
          () ->
              sink.sessions()
                  .find("hall")
                  .map(s -> s.summary().subscribers() == SUBSCRIBERS + 1)
                  .orElse(false));

      // Produce until the stalled subscriber is dropped, then a few more that the others must still
      // get.
      int produced = 0;
      while (sink.fanoutStats().subscribersDroppedTooSlow() == 0 && produced < 1000) {
        producer.send(segment(produced, "segment " + produced + " " + FILLER, produced % 3));
        produced++;
      }
      assertEquals(
          1,
          sink.fanoutStats().subscribersDroppedTooSlow(),
          "stalled subscriber dropped after " + produced + " segments");
      for (int i = 0; i < 5; i++) {
        producer.send(segment(produced, "after the drop " + produced, null));
        produced++;
      }
      long total = produced;
      Await.until(
          "every subscriber has all " + total + " segments",
          Duration.ofSeconds(60),
          () -> counters.stream().allMatch(c -> c.received == total),
          () -> "slowest has " + counters.stream().mapToLong(c -> c.received).min().orElse(0));
      for (OrderedCounter c : counters) {
        assertEquals(null, c.disorder);
      }
      assertEquals(SUBSCRIBERS, sink.sessions().find("hall").orElseThrow().summary().subscribers());

      // The stalled client reads again: behind its buffered backlog it finds the close frame with
      // the reason.
      RawWsClient.Close close = stalled.readUntilClose();
      assertEquals(CloseCodes.TOO_SLOW, close.code());
      assertEquals("too slow: more than " + QUEUE_LIMIT + " messages waiting", close.reason());
      assertTrue(
          close.textMessages() < total,
          "the stalled client got " + close.textMessages() + " of " + total);
      stalled.close();
    } finally {
      client.stop();
    }
  }
}
