package io.captionflow.ingest.websocket;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.edge.server.EdgeServer;
import io.captionflow.edge.server.Health;
import io.captionflow.edge.token.PresentedToken;
import io.captionflow.ingest.SessionId;
import io.captionflow.ingest.metrics.IngestCounters;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.ingest.resume.KafkaSessionLookup;
import io.captionflow.ingest.resume.SessionLookup;
import io.captionflow.ingest.source.SampleFormat;
import io.captionflow.ingest.status.JobStatusWatcher;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.schema.wire.StartSettings;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket audio ingest: {@code ws://host:8082/ws/ingest/{room}?lang=..&mode=..} with a publish
 * token ({@code Authorization: Bearer TOKEN} header, or {@code ?token=} for browsers), behind the
 * connection guard (rate per client, allowed origins). {@code GET /health} is readiness: {@code
 * ok}, or 503 with the reason while the publisher has failed or its buffer is near its bound (send
 * new publishers elsewhere). {@code GET /health/live} is liveness: {@code ok} through a Kafka
 * outage (a restart would drop the records still buffered), 503 once the publisher has failed for
 * good. {@code GET /metrics}: Prometheus metrics (see {@link MetricsHandler}). The job's refusal of
 * a room's session (a REFUSED status on the segments topic) closes that room with {@link
 * CloseCodes#REFUSED_BY_JOB}.
 */
public final class IngestServer implements AutoCloseable {

  public static final String PATH_PREFIX = "/ws/ingest/";

  /**
   * A connection with no frames for this long is closed (1001); its session then waits out the
   * grace period.
   */
  public static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofMinutes(2);

  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

  private final EdgeServer server;
  private final RoomRegistry rooms;
  private final IngestCounters counters = new IngestCounters();
  private final JobStatusWatcher refusals;

  public IngestServer(
      IngestServerConfig config,
      KafkaAudioPublisher publisher,
      int chunkMillis,
      LongSupplier clock) {
    SessionLookup lookup =
        config.resumeLookup().isZero()
            ? SessionLookup.NONE
            : new KafkaSessionLookup(publisher.config(), config.resumeLookup(), config.grace());
    this.rooms =
        new RoomRegistry(
            publisher, chunkMillis, config.publishWait(), config.grace(), clock, lookup);
    this.refusals = new JobStatusWatcher(publisher.config(), rooms::isOpen, this::refused);
    ConnectionGuard guard = new ConnectionGuard(config.guard(), PATH_PREFIX, System::nanoTime);
    this.server =
        EdgeServer.on(config.host(), config.port())
            .webSockets(
                guard,
                container -> {
                  container.setMaxBinaryMessageSize(config.maxMessageBytes());
                  container.setMaxTextMessageSize(config.maxMessageBytes() * 2L);
                  // A silent publisher is dropped, then the grace period runs.
                  container.setIdleTimeout(IDLE_TIMEOUT);
                },
                (request, response, callback) ->
                    new IngestSocket(
                        parse(request, config.tokens()),
                        rooms,
                        publisher::bufferedRecords,
                        publisher.capacity(),
                        counters))
            .health(
                () -> Health.text(publisher.notReadyReason()),
                () -> Health.text(publisher.failureReason()))
            .route(MetricsHandler.PATH, new MetricsHandler(rooms, counters, publisher, guard))
            .build();
    if (config.tokens().isOpen()) {
      LOG.warn(
          "!!! OPEN MODE: the WebSocket ingest accepts audio from ANYONE without a publish token."
              + " Use only on a trusted network; set {} instead. !!!",
          PublishTokens.ENVIRONMENT_VARIABLE);
    } else if (config.tokens().count() == 0) {
      LOG.warn(
          "no publish tokens configured ({} is empty): every publisher will be refused",
          PublishTokens.ENVIRONMENT_VARIABLE);
    }
  }

  /**
   * Reads room, settings and token from the upgrade request; a refusal becomes a close code on
   * open.
   */
  static IngestSocket.Request parse(ServerUpgradeRequest request, PublishTokens tokens) {
    String room = Request.getPathInContext(request).substring(PATH_PREFIX.length());
    Fields query = Request.extractQueryParameters(request);
    String token = PresentedToken.of(request, query);
    String lang = query.getValue("lang");
    String mode = query.getValue("mode");
    if (!tokens.accepts(token)) {
      return reject(
          room,
          CloseCodes.UNAUTHORIZED,
          token == null
              ? "unauthorized: a publish token is required (Authorization: Bearer or ?token=)"
              : "unauthorized: publish token not accepted");
    }
    if (!SessionId.isValid(room)) {
      return reject(
          room,
          CloseCodes.BAD_REQUEST,
          "invalid room name: use 1-128 characters of A-Z, a-z, 0-9, '.', '_', '-'");
    }
    try {
      new StartSettings(lang, mode, null);
      SampleFormat format =
          SampleFormat.parse(
              query.getValue("encoding") == null ? "pcm16" : query.getValue("encoding"));
      String rateText = query.getValue("sample_rate");
      int rate = rateText == null ? 16_000 : Integer.parseInt(rateText);
      ClientMessageParser.requireRate(rate);
      return new IngestSocket.Request(room, lang, mode, format, rate, 0, null);
    } catch (NumberFormatException e) {
      return reject(room, CloseCodes.BAD_REQUEST, "sample_rate must be an integer");
    } catch (IllegalArgumentException | InvalidMessageException e) {
      return reject(room, CloseCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private static IngestSocket.Request reject(String room, int code, String reason) {
    return new IngestSocket.Request(room, null, null, SampleFormat.S16LE, 16_000, code, reason);
  }

  /** The job refused a room's session: close its connection with the job's reason. */
  private void refused(String room, String reason) {
    rooms
        .refuse(room, reason)
        .ifPresent(
            refused -> {
              counters.roomRefused();
              LOG.warn(
                  "room {}: the job refused the session ({}); closing it with {}",
                  room,
                  reason,
                  CloseCodes.REFUSED_BY_JOB);
              if (refused.connection() instanceof IngestSocket socket) {
                socket.refusedByJob(reason);
              }
            });
  }

  public IngestServer start() throws Exception {
    server.start();
    refusals.start();
    LOG.info("WebSocket ingest listening on port {} at {}{room}", port(), PATH_PREFIX);
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.port();
  }

  public RoomRegistry rooms() {
    return rooms;
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting connections and watching refusals, then ends every open session. */
  @Override
  public void close() throws Exception {
    server.stop();
    refusals.close();
    rooms.close();
  }
}
