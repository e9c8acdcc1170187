package io.captionflow.sink.http;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The sink's Jetty server: WebSocket upgrades on /ws/sessions/* behind the connection guard (rate
 * per client, allowed origins), the API, /health, /health/live, /metrics and the display page.
 */
public final class SinkHttpServer {

  /**
   * How long a dropped or closed subscriber gets to read its close frame before the connection is
   * cut.
   */
  static final long CLOSE_GRACE_MILLIS = 10_000;

  private SinkHttpServer() {}

  public static Server assemble(
      SinkConfig config,
      SessionRegistry registry,
      FanoutStats stats,
      Supplier<ConsumerHealth> kafkaHealth,
      ScheduledExecutorService scheduler) {
    AccessPolicy access = new AccessPolicy(config.tokens(), config.openAccess());
    Server server = new Server(new QueuedThreadPool(200, 8, 60_000));
    server.setStopTimeout(2000);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.host());
    connector.setPort(config.port());
    if (config.socketSendBuffer() > 0) {
      connector.setAcceptedSendBufferSize(config.socketSendBuffer());
    }
    server.addConnector(connector);

    Handler api = new ApiHandler(config, access, registry);
    Handler health = new HealthHandler(kafkaHealth, registry, stats);
    Handler display = new DisplayPageHandler();
    ConnectionGuard guard =
        new ConnectionGuard(config.guard(), SubscribeCreator.PREFIX, System::nanoTime);
    Handler metrics = new MetricsHandler(registry, stats, kafkaHealth, guard);
    Handler routes =
        new Handler.Wrapper() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String path = request.getHttpURI().getDecodedPath();
            boolean healthPath =
                path.equals(HealthHandler.READINESS_PATH)
                    || path.equals(HealthHandler.LIVENESS_PATH);
            Handler target =
                path.startsWith("/api/")
                    ? api
                    : healthPath ? health : path.equals(MetricsHandler.PATH) ? metrics : display;
            return target.handle(request, response, callback);
          }
        };
    for (Handler routed : new Handler[] {api, health, metrics, display}) {
      routed.setServer(
          server); // routed by hand, outside Jetty's handler tree: without it Jetty warns at start
      server.addBean(routed);
    }

    WebSocketUpgradeHandler webSockets =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              // Backstop behind the heartbeat: a connection with no traffic at all for twice
              // dead-after is cut by Jetty.
              container.setIdleTimeout(config.deadAfter().multipliedBy(2));
              // Subscribers only answer pings: anything bigger is closed (1009) before it is read.
              container.setMaxTextMessageSize(config.maxMessageBytes());
              container.setMaxBinaryMessageSize(config.maxMessageBytes());
              container.addMapping(
                  SubscribeCreator.PREFIX + "*",
                  new SubscribeCreator(
                      access,
                      registry,
                      stats,
                      scheduler,
                      config.sendQueueLimit(),
                      CLOSE_GRACE_MILLIS));
            });
    webSockets.setHandler(routes);
    guard.setHandler(webSockets);
    server.setHandler(guard);
    return server;
  }
}
