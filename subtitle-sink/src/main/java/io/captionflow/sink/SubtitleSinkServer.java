package io.captionflow.sink;

import io.captionflow.edge.server.EdgeServer;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.consume.SegmentConsumer;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.fanout.Heartbeat;
import io.captionflow.sink.http.SinkHttpServer;
import io.captionflow.sink.session.SessionRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subtitle sink: segments topic → per-session history → WebSocket subscribers, display page,
 * exports. {@code new SubtitleSinkServer(config).start()}, then {@link #port()}; {@link #stop()}
 * (or close) ends it.
 */
public final class SubtitleSinkServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubtitleSinkServer.class);

  private final SinkConfig config;
  private final SessionRegistry registry;
  private final FanoutStats stats = new FanoutStats();
  private final ScheduledExecutorService scheduler;
  private final SegmentConsumer consumer;
  private final EdgeServer server;
  private Heartbeat heartbeat;

  public SubtitleSinkServer(SinkConfig config) {
    this.config = config;
    this.registry = new SessionRegistry(config.historySize());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sink-heartbeat");
              t.setDaemon(true);
              return t;
            });
    this.consumer =
        new SegmentConsumer(
            config.kafkaBootstrap(),
            config.kafkaClient(),
            config.topics().segments(),
            config.lookback(),
            registry);
    this.server = SinkHttpServer.assemble(config, registry, stats, consumer::health, scheduler);
  }

  public synchronized SubtitleSinkServer start() throws Exception {
    warnAboutAccess();
    server.start();
    consumer.start();
    heartbeat =
        new Heartbeat(
            registry::allSubscribers,
            scheduler,
            config.pingInterval().toMillis(),
            config.deadAfter().toMillis());
    long retention = config.sessionRetention().toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> registry.forgetIdle(System.currentTimeMillis(), retention), 60, 60, TimeUnit.SECONDS);
    LOG.info(
        "subtitle sink on http://{}:{}/ (display), ws://…/ws/sessions/{id}, reading {} from {}",
        config.host(),
        port(),
        config.topics().segments(),
        config.kafkaBootstrap());
    return this;
  }

  private void warnAboutAccess() {
    if (config.openAccess()) {
      LOG.warn("*****************************************************************************");
      LOG.warn(
          "OPEN ACCESS: anyone who can reach port {} can read every session's subtitles.",
          config.port());
      LOG.warn(
          "(--open / CAPTIONFLOW_OPEN_ACCESS=true). Configure CAPTIONFLOW_SUBSCRIBE_TOKENS instead.");
      LOG.warn("*****************************************************************************");
    } else if (config.tokens().isEmpty()) {
      LOG.warn(
          "no subscribe tokens configured (CAPTIONFLOW_SUBSCRIBE_TOKENS) and open access off: "
              + "every subscriber will be refused with 401/4401");
    } else {
      LOG.info("subscribe tokens required: {}", config.tokens());
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.port();
  }

  public SinkConfig config() {
    return config;
  }

  public SessionRegistry sessions() {
    return registry;
  }

  public FanoutStats fanoutStats() {
    return stats;
  }

  public ConsumerHealth kafkaHealth() {
    return consumer.health();
  }

  public synchronized void stop() {
    if (heartbeat != null) {
      heartbeat.close();
    }
    consumer.close();
    registry.closeAll();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly: {}", e.toString());
    }
    scheduler.shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }
}
