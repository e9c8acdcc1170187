package io.captionflow.sink.http;

import io.captionflow.sink.fanout.Outbound;
import io.captionflow.sink.fanout.OutgoingMessage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * {@link Outbound} over a Jetty WebSocket session (all calls asynchronous). Text frames go through
 * Jetty's core session with the message's shared UTF-8 bytes: {@code Session.sendText} would encode
 * the string again for every subscriber. A subscriber's queued messages go out in one write.
 */
final class JettyOutbound implements Outbound {

  private final Session session;
  private final CoreSession core;

  JettyOutbound(Session session) {
    this.session = session;
    this.core = ((WebSocketSession) session).getCoreSession();
  }

  @Override
  public void send(List<OutgoingMessage> messages, Runnable onSent, Consumer<Throwable> onFailed) {
    int last = messages.size() - 1;
    for (int i = 0; i < last; i++) {
      // batched: gathered by the flusher into the write of the last frame (one syscall)
      core.sendFrame(
          new Frame(OpCode.TEXT, messages.get(i).payload()),
          org.eclipse.jetty.util.Callback.NOOP,
          true);
    }
    core.sendFrame(
        new Frame(OpCode.TEXT, messages.get(last).payload()),
        org.eclipse.jetty.util.Callback.from(onSent, onFailed),
        false);
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
