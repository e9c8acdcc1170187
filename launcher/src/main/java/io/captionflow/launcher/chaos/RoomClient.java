package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An encoder in one room: streams a session's 16 kHz audio in real time to the bridge's WebSocket
 * ingest as 100 ms PCM16 frames (one bridge chunk each, so chunk sequence n is frame n). When the
 * connection drops it reconnects with back-off and keeps the audio captured meanwhile, up to {@link
 * #BUFFER_SECONDS}; on {@code ready} it resends from the bridge's {@code next_sequence}. Audio
 * older than the bound that the bridge never got is replaced by silence (the session keeps its
 * timeline) and counted as dropped.
 */
final class RoomClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoomClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int FRAME_SAMPLES = 1_600;
  static final long FRAME_MILLIS = 100;

  /** Audio kept for a resend while the bridge is away. */
  static final int BUFFER_SECONDS = 30;

  private static final int BUFFER_FRAMES = (int) (BUFFER_SECONDS * 1000 / FRAME_MILLIS);

  private final WebSocketClient client;
  private final URI uri;
  private final String room;
  private final List<byte[]> frames;
  private final Thread streamer;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile long startMillis;
  private volatile boolean closed;
  private int dropped;

  private volatile boolean endConfirmed;

  RoomClient(WebSocketClient client, String bridgeHostPort, String room, float[] audio) {
    this.client = client;
    this.room = room;
    this.uri = URI.create("ws://" + bridgeHostPort + "/ws/ingest/" + room + "?lang=en&mode=speedy");
    this.frames = frames(audio);
    this.streamer = new Thread(this::stream, "room-" + room);
    streamer.setDaemon(true);
  }

  static List<byte[]> frames(float[] audio) {
    List<byte[]> frames = new ArrayList<>();
    for (int start = 0; start < audio.length; start += FRAME_SAMPLES) {
      ByteBuffer frame = ByteBuffer.allocate(FRAME_SAMPLES * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = start; i < start + FRAME_SAMPLES; i++) {
        float s = i < audio.length ? Math.max(-1f, Math.min(1f, audio[i])) : 0f;
        frame.putShort((short) Math.round(s * 32767));
      }
      frames.add(frame.array());
    }
    return frames;
  }

  /** Starts streaming; frame 0 counts as captured now. */
  void start() {
    startMillis = System.currentTimeMillis();
    streamer.start();
  }

  /** Wall-clock time frame 0 was captured: session audio time 0. */
  long startMillis() {
    return startMillis;
  }

  CompletableFuture<Void> done() {
    return done;
  }

  /** 100 ms frames lost: older than the buffer bound when the bridge came back. */
  synchronized int droppedFrames() {
    return dropped;
  }

  private int capturedFrames() {
    long n = (System.currentTimeMillis() - startMillis) / FRAME_MILLIS + 1;
    return (int) Math.min(frames.size(), n);
  }

  private void stream() {
    long backoff = 200;
    int next = 0;
    boolean endSent = false;
    while (!closed) {
      Session session;
      JsonNode hello;
      Listener connection = new Listener();
      try {
        session = client.connect(connection, uri).get(5, TimeUnit.SECONDS);
        hello = connection.ready.get(5, TimeUnit.SECONDS);
        backoff = 200;
      } catch (Exception e) {
        LOG.debug("room {}: connect failed: {}", room, e.toString());
        sleep(backoff);
        backoff = Math.min(2_000, backoff * 2);
        continue;
      }
      if (endSent && !hello.path("resumed").asBoolean()) {
        // The bridge took the end before the connection dropped: the room is already a new session.
        done.complete(null);
        return;
      }
      int bridgeNext = hello.path("next_sequence").asInt();
      int oldestKept = Math.max(0, capturedFrames() - BUFFER_FRAMES);
      if (bridgeNext != next) {
        LOG.info(
            "room {}: bridge expects chunk {} (sent up to {}), resending from there",
            room,
            bridgeNext,
            next);
      }
      next = bridgeNext;
      try {
        while (!closed) {
          if (connection.closed.isDone()) {
            throw new IllegalStateException("connection closed");
          }
          int captured = capturedFrames();
          if (next < captured) {
            byte[] frame = frames.get(next);
            if (next < oldestKept) {
              frame = new byte[frame.length];
              synchronized (this) {
                dropped++;
              }
            }
            Callback.Completable sent = new Callback.Completable();
            session.sendBinary(ByteBuffer.wrap(frame), sent);
            sent.get(5, TimeUnit.SECONDS);
            next++;
          } else if (captured == frames.size()) {
            if (!endSent) {
              Callback.Completable sent = new Callback.Completable();
              session.sendText("{\"type\":\"end\"}", sent);
              sent.get(5, TimeUnit.SECONDS);
              endSent = true;
            }
            connection.closed.get(30, TimeUnit.SECONDS);
            if (endConfirmed) {
              done.complete(null);
              return;
            }
            throw new IllegalStateException("closed before the end was confirmed");
          } else {
            sleep(startMillis + captured * FRAME_MILLIS - System.currentTimeMillis());
          }
        }
      } catch (Exception e) {
        LOG.info(
            "room {}: connection lost at chunk {}: {}; reconnecting", room, next, e.toString());
        if (session.isOpen()) {
          session.close();
        }
        sleep(backoff);
      }
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    streamer.interrupt();
  }

  /** One connection: its {@code ready} and its close. Jetty needs the listener public. */
  public final class Listener implements Session.Listener.AutoDemanding {
    final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public void onWebSocketText(String text) {
      JsonNode m;
      try {
        m = JSON.readTree(text);
      } catch (Exception e) {
        LOG.warn("room {}: unparseable message {}", room, text);
        return;
      }
      switch (m.path("type").asText()) {
        case "ready" -> ready.complete(m);
        case "ended" -> endConfirmed = true;
        case "error" -> LOG.warn("room {}: bridge error {}", room, m);
        default -> {}
      }
    }

    private void onClosed() {
      closed.complete(null);
      ready.completeExceptionally(new IllegalStateException("closed before ready"));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      if (statusCode != 1000) {
        LOG.info("room {}: closed {} {}", room, statusCode, reason);
      }
      onClosed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      onClosed();
    }
  }
}
