package io.captionflow.sink.http;

import io.captionflow.sink.fanout.Outbound;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** {@link Outbound} over a Jetty WebSocket session (all calls asynchronous). */
final class JettyOutbound implements Outbound {

  private final Session session;

  JettyOutbound(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text, Runnable onSent, Consumer<Throwable> onFailed) {
    session.sendText(text, Callback.from(onSent, onFailed));
  }

  @Override
  public void ping() {
    session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, reason, Callback.NOOP);
  }

  @Override
  public void disconnect() {
    if (session.isOpen()) {
      session.disconnect();
    }
  }
}
