package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkMetricsTest {

  private static final String OPERATOR = "0.transcribe_sessions_(order__decode__confirm)";

  @Test
  void readsTheGroupsMetricsFromEveryVertexThroughRest() throws Exception {
    List<String> asked = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          String path = exchange.getRequestURI().getPath();
          asked.add(
              path + (query == null ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8)));
          String body =
              switch (path) {
                case "/jobs/j1" ->
                    "{\"vertices\":[{\"id\":\"v1\",\"name\":\"read\"},{\"id\":\"v2\",\"name\":\"t\"}]}";
                case "/jobs/j1/vertices/v1/metrics" -> "[{\"id\":\"0.numRecordsIn\"}]";
                case "/jobs/j1/vertices/v2/metrics" ->
                    query == null
                        ? "[{\"id\":\""
                            + OPERATOR
                            + ".captionflow.decodeBatch_mean\"},{\"id\":\""
                            + OPERATOR
                            + ".captionflow.decodeBatch_p99\"},{\"id\":\""
                            + OPERATOR
                            + ".captionflow.stateBytesWritten\"}]"
                        : "[{\"id\":\""
                            + OPERATOR
                            + ".captionflow.decodeBatch_mean\",\"value\":\"12.5\"},{\"id\":\""
                            + OPERATOR
                            + ".captionflow.stateBytesWritten\",\"value\":\"4096\"}]";
                case "/jobmanager/config" ->
                    "[{\"key\":\"rest.port\",\"value\":\"8081\"},"
                        + "{\"key\":\"metrics.fetcher.update-interval\",\"value\":\"1 s\"}]";
                default -> "[]";
              };
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    try {
      FlinkMetrics metrics =
          new FlinkMetrics(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "j1");
      Map<String, Double> values =
          metrics.read(List.of("decodeBatch_mean", "decodeWaitMillis_p99", "stateBytesWritten"));
      assertEquals(Map.of("decodeBatch_mean", 12.5, "stateBytesWritten", 4096.0), values);
      assertEquals(
          List.of(
              "/jobs/j1",
              "/jobs/j1/vertices/v1/metrics",
              "/jobs/j1/vertices/v2/metrics",
              "/jobs/j1/vertices/v2/metrics?get="
                  + OPERATOR
                  + ".captionflow.decodeBatch_mean,"
                  + OPERATOR
                  + ".captionflow.stateBytesWritten"),
          asked);
      assertEquals(Duration.ofSeconds(1), metrics.fetchInterval());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void namesAndSubtasksCombineAsDocumented() {
    assertEquals("decodeBatch_max", FlinkMetrics.nameOf("1.op.captionflow.decodeBatch_max"));
    assertEquals(
        "mode.speedy.wordsRevised",
        FlinkMetrics.nameOf("0.op.captionflow.mode.speedy.wordsRevised"));
    assertEquals("", FlinkMetrics.nameOf("0.op.numRecordsIn"));
    assertEquals(3.0, FlinkMetrics.combine("decodeBatch_mean", List.of(2.0, 4.0)));
    assertEquals(9.0, FlinkMetrics.combine("decodeWaitMillis_p99", List.of(9.0, 4.0)));
    assertEquals(7.0, FlinkMetrics.combine("decodeBatch_max", List.of(7.0, 4.0)));
    assertEquals(1.0, FlinkMetrics.combine("decodeBatch_min", List.of(1.0, 4.0)));
    assertEquals(300.0, FlinkMetrics.combine("stateBytesWritten", List.of(100.0, 200.0)));
  }

  @Test
  void fetchIntervalsAreReadInFlinksSpellings() {
    assertEquals(Duration.ofSeconds(10), FlinkMetrics.parseDuration("10000"));
    assertEquals(Duration.ofMillis(500), FlinkMetrics.parseDuration("500 ms"));
    assertEquals(Duration.ofSeconds(2), FlinkMetrics.parseDuration("2s"));
    assertEquals(Duration.ofSeconds(1), FlinkMetrics.parseDuration("PT1S"));
  }
}
