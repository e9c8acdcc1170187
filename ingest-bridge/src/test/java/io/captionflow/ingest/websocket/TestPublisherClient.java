package io.captionflow.ingest.websocket;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A test publisher: records the server's text messages and close status. Public for Jetty's
 * reflection.
 */
public class TestPublisherClient implements Session.Listener.AutoDemanding {

  public record Closed(int code, String reason) {}

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  volatile Session session;

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
  }

  @Override
  public void onWebSocketText(String message) {
    messages.add(message);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
  }

  String nextMessage() throws InterruptedException {
    String m = messages.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message from the server");
    }
    return m;
  }

  void sendBinary(byte[] bytes) throws Exception {
    Callback.Completable done = new Callback.Completable();
    session.sendBinary(ByteBuffer.wrap(bytes), done);
    done.get(10, TimeUnit.SECONDS);
  }

  void sendText(String text) throws Exception {
    Callback.Completable done = new Callback.Completable();
    session.sendText(text, done);
    done.get(10, TimeUnit.SECONDS);
  }

  Closed awaitClose() throws Exception {
    return closed.get(15, TimeUnit.SECONDS);
  }

  void closeNormally() throws Exception {
    session.close(1000, "bye", Callback.NOOP);
    awaitClose();
  }
}
