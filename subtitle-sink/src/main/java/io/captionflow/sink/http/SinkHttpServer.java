package io.captionflow.sink.http;

import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/** The sink's Jetty server: WebSocket upgrades on /ws/sessions/*, the API, /health and the display page. */
public final class SinkHttpServer {

  /** How long a dropped or closed subscriber gets to read its close frame before the connection is cut. */
  static final long CLOSE_GRACE_MILLIS = 10_000;

  private SinkHttpServer() {}

  public static Server assemble(SinkConfig config, SessionRegistry registry, FanoutStats stats,
      Supplier<ConsumerHealth> kafkaHealth, ScheduledExecutorService scheduler) {
    AccessPolicy access = new AccessPolicy(config.tokens(), config.openAccess());
    Server server = new Server(new QueuedThreadPool(200, 8, 60_000));
    server.setStopTimeout(2000);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);

    PathMappingsHandler routes = new PathMappingsHandler();
    routes.addMapping(PathSpec.from("/api/*"), new ApiHandler(config, access, registry));
    routes.addMapping(PathSpec.from("/health"), new HealthHandler(kafkaHealth, registry, stats));
    routes.addMapping(PathSpec.from("/"), new DisplayPageHandler());

    WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
      // Backstop behind the heartbeat: a connection with no traffic at all for twice dead-after is cut by Jetty.
      container.setIdleTimeout(config.deadAfter().multipliedBy(2));
      container.addMapping(SubscribeCreator.PREFIX + "*", new SubscribeCreator(access, registry, stats, scheduler,
          config.sendQueueLimit(), CLOSE_GRACE_MILLIS));
    });
    webSockets.setHandler(routes);
    server.setHandler(webSockets);
    return server;
  }
}
