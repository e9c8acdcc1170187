package io.captionflow.edge.server;

import io.captionflow.edge.guard.ConnectionGuard;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Jetty server of either edge, the bridge's audio ingest and the sink's subtitle fan-out: one
 * connector; WebSocket upgrades under the connection guard's prefix, behind the guard; plain HTTP
 * routed by path (health, metrics, the edge's own pages). Built with {@link #on}:
 *
 * <pre>{@code
 * EdgeServer.on(host, port)
 *     .webSockets(guard, container -> container.setIdleTimeout(idle), creator)
 *     .health(readiness, liveness)
 *     .route("/metrics", metrics)
 *     .build()
 *     .start();
 * }</pre>
 */
public final class EdgeServer {

  /** Readiness: send new clients here, or not. */
  public static final String READINESS_PATH = "/health";

  /** Liveness: restart the process, or not. */
  public static final String LIVENESS_PATH = "/health/live";

  /** How long stopping waits for what the connectors still have in flight. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

  private final Server server;
  private final ServerConnector connector;

  private EdgeServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** A server to listen on {@code host:port} (port 0: any free port), once built and started. */
  public static Builder on(String host, int port) {
    return new Builder(host, port);
  }

  public EdgeServer start() throws Exception {
    server.start();
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops accepting connections, gives those in flight {@link #STOP_TIMEOUT}, then closes the rest.
   */
  public void stop() throws Exception {
    server.stop();
  }

  /** What an edge puts on its server; {@link #build()} assembles it. */
  public static final class Builder {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final PathMappingsHandler routes = new PathMappingsHandler();
    private ConnectionGuard guard;
    private Consumer<ServerWebSocketContainer> webSockets;
    private WebSocketCreator creator;

    private Builder(String host, int port) {
      connector.setHost(host);
      connector.setPort(port);
    }

    /** The kernel's send buffer per accepted connection; 0 leaves the system default. */
    public Builder sendBufferBytes(int bytes) {
      if (bytes > 0) {
        connector.setAcceptedSendBufferSize(bytes);
      }
      return this;
    }

    /**
     * Upgrades requests under {@code guard}'s path prefix to WebSockets made by {@code creator},
     * after the guard let them through; {@code limits} sets the container's idle timeout and
     * message sizes.
     */
    public Builder webSockets(
        ConnectionGuard guard,
        Consumer<ServerWebSocketContainer> limits,
        WebSocketCreator creator) {
      this.guard = guard;
      this.webSockets = limits;
      this.creator = creator;
      return this;
    }

    /** {@link #READINESS_PATH} and {@link #LIVENESS_PATH} answer these probes. */
    public Builder health(Supplier<Health> readiness, Supplier<Health> liveness) {
      return route(READINESS_PATH, new HealthHandler(readiness))
          .route(LIVENESS_PATH, new HealthHandler(liveness));
    }

    /**
     * Requests matching {@code pathSpec} (servlet style: {@code /exact}, {@code /prefix/*}, or
     * {@code /} for every other path) go to {@code handler}; a path nothing matches is 404.
     */
    public Builder route(String pathSpec, Handler handler) {
      routes.addMapping(PathSpec.from(pathSpec), handler);
      return this;
    }

    public EdgeServer build() {
      if (guard == null) {
        throw new IllegalStateException("an edge server needs its WebSocket upgrades");
      }
      server.addConnector(connector);
      server.setStopTimeout(STOP_TIMEOUT.toMillis());
      ContextHandler context = new ContextHandler("/");
      WebSocketUpgradeHandler upgrades =
          WebSocketUpgradeHandler.from(
              server,
              context,
              container -> {
                webSockets.accept(container);
                container.addMapping(guard.pathPrefix() + "*", creator);
              });
      upgrades.setHandler(routes);
      guard.setHandler(upgrades);
      context.setHandler(guard);
      server.setHandler(context);
      return new EdgeServer(server, connector);
    }
  }
}
