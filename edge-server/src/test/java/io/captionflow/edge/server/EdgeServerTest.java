package io.captionflow.edge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.edge.guard.ConnectionGuardSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An edge assembled from the builder: routes, health probes, the guarded WebSocket upgrade. */
class EdgeServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final AtomicReference<Optional<String>> notReady =
      new AtomicReference<>(Optional.empty());
  private EdgeServer server;

  /** Echoes every text message back, upper-cased. */
  public static final class Shout implements Session.Listener.AutoDemanding {
    private Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message.toUpperCase(java.util.Locale.ROOT), Callback.NOOP);
    }
  }

  private static Handler answering(String body) {
    return new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(
          Request request,
          org.eclipse.jetty.server.Response response,
          org.eclipse.jetty.util.Callback callback) {
        Content.Sink.write(
            response, true, body + " " + request.getHttpURI().getDecodedPath(), callback);
        return true;
      }
    };
  }

  @BeforeEach
  void start() throws Exception {
    ConnectionGuard guard =
        new ConnectionGuard(ConnectionGuardSettings.OFF, "/ws/", System::nanoTime);
    server =
        EdgeServer.on("127.0.0.1", 0)
            .webSockets(
                guard,
                container -> container.setIdleTimeout(Duration.ofSeconds(5)),
                (request, response, callback) -> new Shout())
            .health(
                () -> Health.text(notReady.get()), () -> Health.json(true, "{\"status\":\"UP\"}"))
            .route("/api/*", answering("api"))
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessAnswersOkOr503WithTheProblem() throws Exception {
    HttpResponse<String> ready = get("/health");
    assertEquals(200, ready.statusCode());
    assertEquals("ok\n", ready.body());
    assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElseThrow());

    notReady.set(Optional.of("publish buffer near its bound"));
    HttpResponse<String> unready = get("/health");
    assertEquals(503, unready.statusCode());
    assertEquals("publish buffer near its bound\n", unready.body());
    assertEquals(
        "text/plain;charset=utf-8",
        unready.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
  }

  @Test
  void livenessIsItsOwnProbe() throws Exception {
    notReady.set(Optional.of("not ready"));
    HttpResponse<String> live = get("/health/live");
    assertEquals(200, live.statusCode());
    assertEquals("{\"status\":\"UP\"}", live.body());
  }

  @Test
  void routesSeeTheFullPathAndUnroutedPathsAreNotFound() throws Exception {
    assertEquals("api /api/sessions/a", get("/api/sessions/a").body());
    assertEquals(404, get("/elsewhere").statusCode());
    assertEquals(404, get("/healthz").statusCode());
  }

  @Test
  void upgradesUnderTheGuardsPrefixReachTheCreator() throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/ws/room"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    reply.complete(data.toString());
                    return null;
                  }
                })
            .get(5, TimeUnit.SECONDS);
    socket.sendText("hello", true);
    assertEquals("HELLO", reply.get(5, TimeUnit.SECONDS));
    socket.abort();
  }

  @Test
  void anEdgeWithoutWebSocketsIsRefused() {
    assertThrows(IllegalStateException.class, () -> EdgeServer.on("127.0.0.1", 0).build());
  }
}
