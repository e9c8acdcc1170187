package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.TimedWord;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A display's view of one session: a WebSocket subscriber of the subtitle sink that keeps the words
 * of every final segment with the time they arrived, and reconnects with {@code after=<cursor>}
 * whenever the sink goes away, as the README tells clients to.
 */
final class SinkSubscriber implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkSubscriber.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> END_STATES = List.of("ENDED", "EXPIRED", "REFUSED");

  /** A delivered word and when it arrived (wall clock, ms). */
  record Delivered(TimedWord word, long receivedAtMillis) {}

  private final WebSocketClient client;
  private final String sinkHostPort;
  private final String session;
  private final List<Delivered> delivered = new ArrayList<>();
  private final Thread connector;
  private String cursor;
  private boolean ended;
  private boolean connected;
  private volatile boolean closed;

  SinkSubscriber(WebSocketClient client, String sinkHostPort, String session) {
    this.client = client;
    this.sinkHostPort = sinkHostPort;
    this.session = session;
    this.connector = new Thread(this::keepConnected, "subscriber-" + session);
    connector.setDaemon(true);
    connector.start();
  }

  /** Until the session ended: connect, and after a drop connect again from the last cursor. */
  private void keepConnected() {
    long backoff = 200;
    while (!closed) {
      synchronized (this) {
        if (ended) {
          return;
        }
        if (connected) {
          try {
            wait(200);
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
      }
      try {
        String after =
            cursor == null ? "" : "?after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        URI uri = URI.create("ws://" + sinkHostPort + "/ws/sessions/" + session + after);
        synchronized (this) {
          connected = true;
        }
        client.connect(new Listener(), uri).get(5, TimeUnit.SECONDS);
        backoff = 200;
      } catch (Exception e) {
        synchronized (this) {
          connected = false;
        }
        LOG.debug("subscriber {}: connect failed: {}", session, e.toString());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(2_000, backoff * 2);
      }
    }
  }

  synchronized List<Delivered> delivered() {
    return List.copyOf(delivered);
  }

  synchronized List<TimedWord> words() {
    return delivered.stream().map(Delivered::word).toList();
  }

  synchronized boolean ended() {
    return ended;
  }

  private synchronized void onMessage(JsonNode m) {
    String type = m.path("type").asText();
    if (type.equals("segment")) {
      long now = System.currentTimeMillis();
      for (JsonNode w : m.path("words")) {
        delivered.add(
            new Delivered(
                new TimedWord(
                    w.path("text").asText(),
                    w.path("start").asDouble(),
                    w.path("end").asDouble(),
                    (float) w.path("confidence").asDouble()),
                now));
      }
      cursor = m.path("cursor").asText(cursor);
    } else if ((type.equals("session") || type.equals("hello"))
        && END_STATES.contains(m.path("state").asText())) {
      ended = true;
      notifyAll();
    }
  }

  private synchronized void onClosed(String why) {
    if (connected) {
      LOG.info(
          "subscriber {}: connection closed ({}), reconnecting after {}", session, why, cursor);
    }
    connected = false;
    notifyAll();
  }

  @Override
  public void close() {
    closed = true;
    connector.interrupt();
  }

  /** Jetty needs the listener public. */
  public final class Listener implements Session.Listener.AutoDemanding {
    @Override
    public void onWebSocketText(String text) {
      try {
        onMessage(JSON.readTree(text));
      } catch (Exception e) {
        LOG.warn("subscriber {}: unparseable message {}", session, text);
      }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      onClosed(statusCode + " " + reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      onClosed(cause.toString());
    }
  }
}
