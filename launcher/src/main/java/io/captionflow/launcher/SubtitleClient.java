package io.captionflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real WebSocket subscriber of the subtitle sink, as a display or downstream system would be: it
 * records every message with the wall-clock time it arrived.
 */
public final class SubtitleClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message as received. */
  public record Received(JsonNode message, long receivedAtMillis) {
    public String type() {
      return message.path("type").asText();
    }
  }

  private final WebSocketClient client = new WebSocketClient();
  private final List<Received> received = new ArrayList<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private Session session;

  public static SubtitleClient connect(URI uri, Duration timeout) throws Exception {
    SubtitleClient subscriber = new SubtitleClient();
    subscriber.client.start();
    subscriber.session =
        subscriber
            .client
            .connect(subscriber.new Listener(), uri)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return subscriber;
  }

  /** Everything received so far, in arrival order. */
  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** Final segments received so far. */
  public synchronized List<Received> segments() {
    return received.stream().filter(r -> r.type().equals("segment")).toList();
  }

  /** Final words received so far (sent before their segment closes). */
  public synchronized List<Received> finalWords() {
    return received.stream().filter(r -> r.type().equals("words")).toList();
  }

  /** True once the sink reported the session ended (or the connection closed). */
  public synchronized boolean sessionEnded() {
    return closed.isDone()
        || received.stream()
            .anyMatch(
                r ->
                    r.type().equals("session")
                        && List.of("ENDED", "EXPIRED", "REFUSED")
                            .contains(r.message().path("state").asText()));
  }

  @Override
  public void close() throws Exception {
    if (session != null && session.isOpen()) {
      session.close();
    }
    client.stop();
  }

  private synchronized void add(JsonNode message) {
    received.add(new Received(message, System.currentTimeMillis()));
  }

  /** Jetty needs the listener public (STACK-NOTES 11). */
  public final class Listener implements Session.Listener.AutoDemanding {
    @Override
    public void onWebSocketText(String text) {
      try {
        add(JSON.readTree(text));
      } catch (Exception e) {
        add(JSON.createObjectNode().put("type", "unparseable").put("text", text));
      }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      closed.complete(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      closed.complete(null);
    }
  }
}
