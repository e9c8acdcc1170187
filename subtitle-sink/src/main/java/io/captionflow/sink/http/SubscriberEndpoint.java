package io.captionflow.sink.http;

import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.fanout.Subscriber;
import io.captionflow.sink.session.ResumePoint;
import io.captionflow.sink.session.SessionRegistry;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection on {@code /ws/sessions/{id}}: joins the session on open (or closes at
 * once with the refusal code, so browsers can see why), keeps the subscriber's heartbeat, leaves on
 * close. Public: Jetty instantiates listener callbacks reflectively (STACK-NOTES 11).
 */
public final class SubscriberEndpoint implements Session.Listener.AutoDemanding {

  /** What a subscribe request asked for, or why it is refused (refusalCode != 0). */
  record Request(
      String sessionId, ResumePoint after, boolean partials, int refusalCode, String refusal) {}

  private final Request request;
  private final SessionRegistry registry;
  private final FanoutStats stats;
  private final ScheduledExecutorService scheduler;
  private final int queueLimit;
  private final long dropGraceMillis;
  private Subscriber subscriber;

  SubscriberEndpoint(
      Request request,
      SessionRegistry registry,
      FanoutStats stats,
      ScheduledExecutorService scheduler,
      int queueLimit,
      long dropGraceMillis) {
    this.request = request;
    this.registry = registry;
    this.stats = stats;
    this.scheduler = scheduler;
    this.queueLimit = queueLimit;
    this.dropGraceMillis = dropGraceMillis;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    if (request.refusalCode() != 0) {
      session.close(request.refusalCode(), request.refusal(), Callback.NOOP);
      return;
    }
    subscriber =
        new Subscriber(
            request.sessionId(),
            request.partials(),
            new JettyOutbound(session),
            queueLimit,
            stats,
            scheduler,
            dropGraceMillis);
    registry.subscribe(request.sessionId(), subscriber, request.after());
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    heard();
  }

  @Override
  public void onWebSocketText(String message) {
    heard();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    leave();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    leave();
  }

  private void heard() {
    if (subscriber != null) {
      subscriber.heard();
    }
  }

  private void leave() {
    if (subscriber != null) {
      subscriber.closed();
      registry.unsubscribe(subscriber);
    }
  }
}
