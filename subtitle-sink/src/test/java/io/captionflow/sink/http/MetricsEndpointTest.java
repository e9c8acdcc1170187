package io.captionflow.sink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.edge.guard.ConnectionGuardSettings;
import io.captionflow.edge.server.EdgeServer;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.Topics;
import io.captionflow.sink.Events;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.WsClient;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} counts sessions, subscribers, messages, bytes and timed live sends. */
class MetricsEndpointTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void sessionsSubscribersMessagesBytesAndPublishLatencyAreCountedExactly() throws Exception {
    SessionRegistry registry = new SessionRegistry(100);
    FanoutStats stats = new FanoutStats();
    ConsumerHealth kafka = new ConsumerHealth("segments", true, "reading", 1, 7, 3, true, 40, 2);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    SinkConfig config =
        SinkConfig.defaults("127.0.0.1:1", Topics.DEFAULT)
            .withPort(0)
            .withHost("127.0.0.1")
            .withAccess(SubscribeTokens.parse("*=t"), false);
    EdgeServer server = SinkHttpServer.assemble(config, registry, stats, () -> kafka, scheduler);
    WebSocketClient client = new WebSocketClient();
    try {
      server.start();
      client.start();
      int port = server.port();
      registry.accept(Events.finalSegment("room-a", 0, "good evening", null), 1000);
      registry.accept(Events.finalSegment("room-b", 0, "thank you", null), 1000);
      registry.accept(Events.status("room-b", SessionState.ENDED, 9.0), 1000);

      Map<String, String> idle = scrape(port);
      assertEquals("1", idle.get("captionflow_sink_sessions{state=\"LIVE\"}"));
      assertEquals("1", idle.get("captionflow_sink_sessions{state=\"ENDED\"}"));
      assertEquals("0", idle.get("captionflow_sink_sessions{state=\"WAITING\"}"));
      assertEquals("0", idle.get("captionflow_sink_subscribers"));
      assertEquals("7", idle.get("captionflow_sink_kafka_lag_records"));
      assertEquals("2", idle.get("captionflow_sink_undecodable_records_total"));
      assertEquals("1", idle.get("captionflow_sink_kafka_reachable"));
      assertEquals("0", idle.get("captionflow_sink_publish_latency_seconds_count"));

      String url = "ws://127.0.0.1:" + port + "/ws/sessions/room-a?token=t";
      List<WsClient> viewers =
          List.of(WsClient.connect(client, url), WsClient.connect(client, url));
      awaitMessages(viewers, 2); // hello + the one segment of history
      registry.accept(Events.finalSegment("room-a", 1, "and welcome", null), 2000);
      awaitMessages(viewers, 3);
      long bytes =
          viewers.stream()
              .flatMap(v -> v.messages.stream())
              .mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length)
              .sum();

      Map<String, String> live = awaitSample(port, "captionflow_sink_messages_sent_total", "6");
      assertEquals("2", live.get("captionflow_sink_subscribers"));
      assertEquals(Long.toString(bytes), live.get("captionflow_sink_sent_bytes_total"));
      assertEquals("2", live.get("captionflow_sink_publish_latency_seconds_count"));
      assertEquals("2", live.get("captionflow_sink_publish_latency_seconds_bucket{le=\"+Inf\"}"));
      assertEquals(
          "0", live.get("captionflow_sink_subscribers_dropped_total{reason=\"too_slow\"}"));
      assertEquals(
          "0", live.get("captionflow_sink_subscribers_dropped_total{reason=\"no_heartbeat\"}"));
      assertEquals("0", live.get("captionflow_sink_messages_discarded_total"));
      viewers.forEach(WsClient::close);
    } finally {
      client.stop();
      server.stop();
      scheduler.shutdownNow();
    }
  }

  @Test
  void pageIsPrometheusTextWithHelpAndTypeBeforeEverySample() throws Exception {
    SessionRegistry registry = new SessionRegistry(10);
    ConsumerHealth kafka = new ConsumerHealth("segments", false, "starting", 0, 0, 0, false, 0, 0);
    ConnectionGuard guard = new ConnectionGuard(ConnectionGuardSettings.OFF, "/ws/", () -> 0);
    String page = new MetricsHandler(registry, new FanoutStats(), () -> kafka, guard).page();
    String family = null;
    for (String line : page.lines().toList()) {
      if (line.startsWith("# HELP ")) {
        family = line.split(" ")[2];
      } else if (line.startsWith("# TYPE ")) {
        assertEquals(family, line.split(" ")[2]);
      } else {
        String series = line.substring(0, line.indexOf(' '));
        assertEquals(true, series.startsWith(family), series + " follows the HELP of " + family);
      }
    }
    assertEquals(
        "captionflow_sink_kafka_reachable 0", line(page, "captionflow_sink_kafka_reachable"));
    assertEquals(
        "captionflow_sink_refused_connections_total{reason=\"rate\"} 0",
        line(page, "captionflow_sink_refused_connections_total{reason=\"rate\"}"));
  }

  @Test
  void ignoredEventsByReasonAndLiveAgainstEnhancedErrorRatesAreCounted() {
    SessionRegistry registry = new SessionRegistry(10, 3);
    registry.accept(Events.status("room", SessionState.STARTED, 0), 1000);
    registry.accept(Events.finalSegment("room", 0, "good evening everyone", null), 1000);
    registry.accept(Events.status("room", SessionState.ENDED, 2), 1000);
    registry.accept(Events.status("room", SessionState.UNKNOWN, 2), 1000);
    registry.accept(Events.enhancedSegment("room", 0, "good evening", null), 1000);
    registry.accept(Events.enhancedSegment("room", 1, "every one", null), 1000); // past 3 words
    registry.accept(Events.status("room", SessionState.ENHANCED, 2), 1000);
    registry.accept(Events.inRun(1, Events.status("room", SessionState.STARTED, 0)), 2000);
    registry.accept(Events.enhancedSegment("room", 0, "good evening", null), 2000); // run 0
    ConsumerHealth kafka = new ConsumerHealth("segments", true, "reading", 1, 0, 1, true, 0, 0);
    ConnectionGuard guard = new ConnectionGuard(ConnectionGuardSettings.OFF, "/ws/", () -> 0);
    String page = new MetricsHandler(registry, new FanoutStats(), () -> kafka, guard).page();

    assertEquals(
        "captionflow_sink_ignored_events_total{reason=\"unknown_state\"} 1",
        line(page, "captionflow_sink_ignored_events_total{reason=\"unknown_state\"}"));
    assertEquals(
        "captionflow_sink_ignored_events_total{reason=\"enhanced_older_run\"} 1",
        line(page, "captionflow_sink_ignored_events_total{reason=\"enhanced_older_run\"}"));
    assertEquals(
        "captionflow_sink_ignored_events_total{reason=\"enhanced_over_limit\"} 1",
        line(page, "captionflow_sink_ignored_events_total{reason=\"enhanced_over_limit\"}"));
    // compared up to the truncated enhanced transcript's end (0.75 s): "good evening" both ways
    assertEquals(
        "captionflow_sink_enhanced_error_rate_bucket{le=\"0.01\"} 1",
        line(page, "captionflow_sink_enhanced_error_rate_bucket{le=\"0.01\"}"));
    assertEquals(
        "captionflow_sink_enhanced_error_rate_count 1",
        line(page, "captionflow_sink_enhanced_error_rate_count"));
    assertEquals(
        "captionflow_sink_enhanced_error_rate_sum 0",
        line(page, "captionflow_sink_enhanced_error_rate_sum"));
  }

  private static String line(String page, String series) {
    return page.lines().filter(l -> l.startsWith(series + " ")).findFirst().orElseThrow();
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

  // A send is counted when Jetty completes its write, which may trail the peer's receipt slightly.
  private static Map<String, String> awaitSample(int port, String series, String value)
      throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    Map<String, String> page = scrape(port);
    while (!value.equals(page.get(series)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      page = scrape(port);
    }
    assertEquals(value, page.get(series), series);
    return page;
  }

  static Map<String, String> scrape(int port) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").orElseThrow());
    Map<String, String> samples = new LinkedHashMap<>();
    for (String line : response.body().lines().toList()) {
      if (!line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return samples;
  }
}
