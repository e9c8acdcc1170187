package io.captionflow.sink.http;

import io.captionflow.edge.token.PresentedToken;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.ResumePoint;
import io.captionflow.sink.session.SessionRegistry;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Upgrades {@code /ws/sessions/{id}?partial=&after=&token=} ({@code after}: a cursor, see {@link
 * ResumePoint}). Refused requests are still upgraded and then closed with 4401/4400 and a reason,
 * because a browser cannot read the HTTP status of a failed handshake.
 */
final class SubscribeCreator implements WebSocketCreator {

  static final String PREFIX = "/ws/sessions/";

  private final AccessPolicy access;
  private final SessionRegistry registry;
  private final FanoutStats stats;
  private final ScheduledExecutorService scheduler;
  private final int queueLimit;
  private final long dropGraceMillis;

  SubscribeCreator(
      AccessPolicy access,
      SessionRegistry registry,
      FanoutStats stats,
      ScheduledExecutorService scheduler,
      int queueLimit,
      long dropGraceMillis) {
    this.access = access;
    this.registry = registry;
    this.stats = stats;
    this.scheduler = scheduler;
    this.queueLimit = queueLimit;
    this.dropGraceMillis = dropGraceMillis;
  }

  @Override
  public Object createWebSocket(
      ServerUpgradeRequest upgrade, ServerUpgradeResponse response, Callback callback) {
    // Each message is written once for all subscribers; per-connection compression would redo it
    // 1000 times.
    response.setExtensions(List.of());
    return new SubscriberEndpoint(
        parse(upgrade), registry, stats, scheduler, queueLimit, dropGraceMillis);
  }

  private SubscriberEndpoint.Request parse(ServerUpgradeRequest upgrade) {
    String sessionId = SessionPaths.sessionId(upgrade.getHttpURI().getDecodedPath(), PREFIX, "");
    Fields query = Request.extractQueryParameters(upgrade);
    boolean partials = Boolean.parseBoolean(query.getValue("partial"));
    if (sessionId == null) {
      return new SubscriberEndpoint.Request(
          null, null, partials, CloseCodes.BAD_REQUEST, "expected /ws/sessions/{sessionId}");
    }
    String token = PresentedToken.of(upgrade, query);
    if (!access.maySubscribe(sessionId, token)) {
      return new SubscriberEndpoint.Request(
          sessionId, null, partials, CloseCodes.UNAUTHORIZED, AccessPolicy.refusal(token));
    }
    ResumePoint after;
    try {
      after = ResumePoint.parse(query.getValue("after"));
    } catch (IllegalArgumentException e) {
      return new SubscriberEndpoint.Request(
          sessionId, null, partials, CloseCodes.BAD_REQUEST, e.getMessage());
    }
    return new SubscriberEndpoint.Request(sessionId, after, partials, 0, null);
  }
}
