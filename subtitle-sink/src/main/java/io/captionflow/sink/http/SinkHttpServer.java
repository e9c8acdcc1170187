package io.captionflow.sink.http;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.edge.server.EdgeServer;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

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

  public static EdgeServer assemble(
      SinkConfig config,
      SessionRegistry registry,
      FanoutStats stats,
      Supplier<ConsumerHealth> kafkaHealth,
      ScheduledExecutorService scheduler) {
    AccessPolicy access = new AccessPolicy(config.tokens(), config.openAccess());
    ConnectionGuard guard =
        new ConnectionGuard(config.guard(), SubscribeCreator.PREFIX, System::nanoTime);
    SinkHealth health = new SinkHealth(kafkaHealth, registry, stats);
    return EdgeServer.on(config.host(), config.port())
        .sendBufferBytes(config.socketSendBuffer())
        .webSockets(
            guard,
            container -> {
              // Backstop behind the heartbeat: a connection with no traffic at all for twice
              // dead-after is cut by Jetty.
              container.setIdleTimeout(config.deadAfter().multipliedBy(2));
              // Subscribers only answer pings: anything bigger is closed (1009) before it is read.
              container.setMaxTextMessageSize(config.maxMessageBytes());
              container.setMaxBinaryMessageSize(config.maxMessageBytes());
            },
            new SubscribeCreator(
                access, registry, stats, scheduler, config.sendQueueLimit(), CLOSE_GRACE_MILLIS))
        .health(health::readiness, SinkHealth::liveness)
        .route(MetricsHandler.PATH, new MetricsHandler(registry, stats, kafkaHealth, guard))
        .route("/api/*", new ApiHandler(config, access, registry))
        .route("/", new DisplayPageHandler())
        .build();
  }
}
