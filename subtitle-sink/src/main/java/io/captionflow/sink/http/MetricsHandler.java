package io.captionflow.sink.http;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.edge.metrics.PrometheusText;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.EventOutcome;
import io.captionflow.sink.session.LiveSession;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.sink.session.SessionSummary;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: the sink in the Prometheus text format (sessions by state, subscribers,
 * messages and bytes sent, subscribers dropped, ignored events, live-vs-enhanced error rates,
 * publish latency, Kafka lag, refused connections); no token, like the health endpoints.
 */
final class MetricsHandler extends Handler.Abstract.NonBlocking {

  static final String PATH = "/metrics";

  private final SessionRegistry registry;
  private final FanoutStats stats;
  private final Supplier<ConsumerHealth> kafka;
  private final ConnectionGuard guard;

  MetricsHandler(
      SessionRegistry registry,
      FanoutStats stats,
      Supplier<ConsumerHealth> kafka,
      ConnectionGuard guard) {
    this.registry = registry;
    this.stats = stats;
    this.kafka = kafka;
    this.guard = guard;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, page(), callback);
    return true;
  }

  String page() {
    PrometheusText out = new PrometheusText();
    Map<LiveSession.State, Integer> sessions = new EnumMap<>(LiveSession.State.class);
    int subscribers = 0;
    for (LiveSession.State state : LiveSession.State.values()) {
      sessions.put(state, 0);
    }
    for (SessionSummary s : registry.summaries()) {
      sessions.merge(LiveSession.State.valueOf(s.state()), 1, Integer::sum);
      subscribers += s.subscribers();
    }
    out.type(
        "captionflow_sink_sessions",
        "Sessions (rooms) this sink knows, by state (WAITING: subscribers before any event).",
        "gauge");
    sessions.forEach(
        (state, count) ->
            out.sample("captionflow_sink_sessions{state=\"" + state.name() + "\"}", count));
    out.metric(
        "captionflow_sink_subscribers", "Connected WebSocket subscribers.", "gauge", subscribers);
    out.metric(
        "captionflow_sink_messages_sent_total",
        "WebSocket messages written to subscribers (greeting and history included).",
        "counter",
        stats.messagesSent());
    out.metric(
        "captionflow_sink_sent_bytes_total",
        "Bytes of WebSocket message payloads written to subscribers.",
        "counter",
        stats.bytesSent());
    out.type(
        "captionflow_sink_subscribers_dropped_total",
        "Subscribers closed by the sink: too_slow (send queue overflowed, 4429), no_heartbeat"
            + " (no pong, 4408).",
        "counter");
    out.sample(
        "captionflow_sink_subscribers_dropped_total{reason=\"too_slow\"}",
        stats.subscribersDroppedTooSlow());
    out.sample(
        "captionflow_sink_subscribers_dropped_total{reason=\"no_heartbeat\"}",
        stats.subscribersReapedSilent());
    out.metric(
        "captionflow_sink_messages_discarded_total",
        "Messages never sent because their subscriber's queue overflowed and it was dropped.",
        "counter",
        stats.messagesDiscarded());
    out.metric(
        "captionflow_sink_duplicates_dropped_total",
        "Events not delivered: repeats, stale partials, events of ended or older runs.",
        "counter",
        registry.duplicatesDropped());
    out.type(
        "captionflow_sink_ignored_events_total",
        "Events the sink cannot use: unknown_state (a session state newer than this sink),"
            + " enhanced_older_run (an enhancement of a run older than the session's current one),"
            + " enhanced_over_limit (enhanced segments past the per-session word limit).",
        "counter");
    for (EventOutcome outcome : EventOutcome.values()) {
      if (outcome.ignored()) {
        out.sample(
            "captionflow_sink_ignored_events_total{reason=\"" + outcome.ignoredReason() + "\"}",
            registry.ignored(outcome));
      }
    }
    registry
        .enhancedErrorRates()
        .writeTo(
            out,
            "captionflow_sink_enhanced_error_rate",
            "Live transcript against the enhanced one: word errors per enhanced word over the audio"
                + " both cover, one observation per completed enhancement (ENHANCED status).");
    ConsumerHealth k = kafka.get();
    out.metric(
        "captionflow_sink_kafka_reachable",
        "1 while Kafka answers, else 0.",
        "gauge",
        k.reachable() ? 1 : 0);
    out.metric(
        "captionflow_sink_kafka_lag_records",
        "Records of the segments topic not read yet.",
        "gauge",
        k.lag());
    out.metric(
        "captionflow_sink_undecodable_records_total",
        "Records of the segments topic skipped as undecodable.",
        "counter",
        k.undecodableRecords());
    stats
        .publishLatency()
        .writeTo(
            out,
            "captionflow_sink_publish_latency_seconds",
            "From the sink applying a Kafka record to its message written to a subscriber's"
                + " socket, per subscriber (live events only).");
    guard.writeMetrics(out, "captionflow_sink");
    return out.toString();
  }
}
