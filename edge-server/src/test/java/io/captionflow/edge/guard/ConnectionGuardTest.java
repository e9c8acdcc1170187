package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.edge.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard in a real Jetty server, in front of a handler that answers "through". */
class ConnectionGuardTest {

  private final long[] now = {0};
  private final HttpClient http = HttpClient.newHttpClient();
  private Server server;
  private ConnectionGuard guard;
  private int port;

  private void start(Map<String, String> env) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    guard = new ConnectionGuard(ConnectionGuardSettings.fromEnvironment(env), "/ws/", () -> now[0]);
    guard.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            Content.Sink.write(response, true, "through", callback);
            return true;
          }
        });
    server.setHandler(guard);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void overTheRateAClientGets429WithRetryAfterOthersAndOtherPathsAreNotTouched() throws Exception {
    start(Map.of("CAPTIONFLOW_CONNECT_RATE", "0.5", "CAPTIONFLOW_CONNECT_BURST", "2"));
    assertEquals(200, get("/ws/a").statusCode());
    assertEquals(200, get("/ws/a").statusCode());
    HttpResponse<String> refused = get("/ws/a");
    assertEquals(429, refused.statusCode());
    assertEquals(Optional.of("2"), refused.headers().firstValue("Retry-After"));
    assertEquals("too many connections from this address: retry after 2 s\n", refused.body());
    assertEquals(200, get("/health").statusCode(), "only the guarded paths count");
    // a header from a peer that is no trusted proxy changes nothing
    assertEquals(429, get("/ws/a", "X-Forwarded-For", "203.0.113.9").statusCode());
    now[0] = 2_000_000_000L;
    assertEquals(200, get("/ws/a").statusCode());
    assertEquals(
        "refused_connections_total{reason=\"rate\"} 2\n"
            + "refused_connections_total{reason=\"origin\"} 0\n",
        samples());
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBucket() throws Exception {
    start(
        Map.of(
            "CAPTIONFLOW_CONNECT_RATE", "1",
            "CAPTIONFLOW_CONNECT_BURST", "1",
            "CAPTIONFLOW_TRUSTED_PROXIES", "127.0.0.1"));
    assertEquals(200, get("/ws/a", "X-Forwarded-For", "203.0.113.9").statusCode());
    assertEquals(429, get("/ws/a", "X-Forwarded-For", "203.0.113.9").statusCode());
    // a forged first hop does not help: the proxy's own entry is the rightmost
    assertEquals(429, get("/ws/a", "X-Forwarded-For", "198.51.100.1, 203.0.113.9").statusCode());
    assertEquals(200, get("/ws/a", "X-Forwarded-For", "198.51.100.1").statusCode());
    // no header: the proxy itself
    assertEquals(200, get("/ws/a").statusCode());
    assertEquals(429, get("/ws/a").statusCode());
  }

  @Test
  void aPageFromAnOriginNotListedGets403() throws Exception {
    start(Map.of("CAPTIONFLOW_ALLOWED_ORIGINS", "https://captions.example.org"));
    assertEquals(200, get("/ws/a", "Origin", "https://captions.example.org").statusCode());
    HttpResponse<String> refused = get("/ws/a", "Origin", "https://evil.example");
    assertEquals(403, refused.statusCode());
    assertEquals("forbidden: origin not allowed\n", refused.body());
    assertEquals(200, get("/ws/a").statusCode(), "no Origin: not a browser, allowed");
    assertEquals(200, get("/display", "Origin", "https://evil.example").statusCode());
    assertEquals(
        "refused_connections_total{reason=\"rate\"} 0\n"
            + "refused_connections_total{reason=\"origin\"} 1\n",
        samples());
  }

  @Test
  void requireOriginRefusesClientsWithoutOne() throws Exception {
    start(
        Map.of(
            "CAPTIONFLOW_ALLOWED_ORIGINS", "https://captions.example.org",
            "CAPTIONFLOW_REQUIRE_ORIGIN", "true"));
    HttpResponse<String> refused = get("/ws/a");
    assertEquals(403, refused.statusCode());
    assertEquals("forbidden: an Origin header is required\n", refused.body());
    assertEquals(200, get("/ws/a", "Origin", "https://captions.example.org").statusCode());
  }

  private String samples() {
    PrometheusText out = new PrometheusText();
    guard.writeMetrics(out, "x");
    return out.toString()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.substring(2) + "\n")
        .reduce("", String::concat);
  }
}
