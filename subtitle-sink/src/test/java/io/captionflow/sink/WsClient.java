package io.captionflow.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.sink.session.WireMessages;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A test subscriber: keeps every message and the close code. */
public final class WsClient implements Session.Listener {

  public final List<String> messages = new CopyOnWriteArrayList<>();
  public final CountDownLatch closed = new CountDownLatch(1);
  public volatile int closeCode;
  public volatile String closeReason;
  private volatile Session session;

  public static WsClient connect(WebSocketClient client, String url) throws Exception {
    WsClient ws = new WsClient();
    client.connect(ws, URI.create(url)).get(10, TimeUnit.SECONDS);
    return ws;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    session.demand();
  }

  @Override
  public void onWebSocketText(String message) {
    messages.add(message);
    session.demand();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closeCode = statusCode;
    closeReason = reason;
    closed.countDown();
  }

  public void sendText(String text) {
    session.sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP);
  }

  public void close() {
    if (session != null && session.isOpen()) {
      session.close();
    }
  }

  public boolean awaitClose(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<JsonNode> json() {
    List<JsonNode> out = new ArrayList<>();
    for (String m : messages) {
      try {
        out.add(WireMessages.JSON.readTree(m));
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + m, e);
      }
    }
    return out;
  }

  /** Sequences of the confirmed segments received, in arrival order. */
  public List<Long> segmentSequences() {
    return json().stream()
        .filter(n -> n.get("type").asText().equals("segment"))
        .map(n -> n.get("sequence").asLong())
        .toList();
  }

  public List<String> types() {
    return json().stream().map(n -> n.get("type").asText()).toList();
  }
}
