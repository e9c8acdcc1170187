package io.captionflow.ingest.websocket;

import io.captionflow.edge.guard.ConnectionGuard;
import io.captionflow.edge.metrics.PrometheusText;
import io.captionflow.ingest.metrics.IngestCounters;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: the bridge in the Prometheus text format (rooms, messages, bytes, publish
 * buffer, records acknowledged, publish latency, refused connections); no token, like the health
 * endpoints.
 */
final class MetricsHandler extends Handler.Abstract.NonBlocking {

  static final String PATH = "/metrics";

  private final RoomRegistry rooms;
  private final IngestCounters counters;
  private final KafkaAudioPublisher publisher;
  private final ConnectionGuard guard;

  MetricsHandler(
      RoomRegistry rooms,
      IngestCounters counters,
      KafkaAudioPublisher publisher,
      ConnectionGuard guard) {
    this.rooms = rooms;
    this.counters = counters;
    this.publisher = publisher;
    this.guard = guard;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, page(), callback);
    return true;
  }

  String page() {
    PrometheusText out = new PrometheusText();
    out.metric(
        "captionflow_bridge_rooms_open",
        "Rooms with an open session (publishing, or within the reconnect grace period).",
        "gauge",
        rooms.openRooms().size());
    counters.writeTo(out);
    out.metric(
        "captionflow_bridge_buffered_records",
        "Records handed to Kafka and not yet acknowledged.",
        "gauge",
        publisher.bufferedRecords());
    out.metric(
        "captionflow_bridge_buffer_capacity_records",
        "Bound of the publish buffer (--buffer-chunks).",
        "gauge",
        publisher.capacity());
    out.metric(
        "captionflow_bridge_acknowledged_records_total",
        "Audio chunks and session events acknowledged by Kafka.",
        "counter",
        publisher.acknowledgedRecords());
    out.metric(
        "captionflow_bridge_publisher_failed",
        "1 once a record was not delivered (restart the bridge), else 0.",
        "gauge",
        publisher.failureReason().isPresent() ? 1 : 0);
    publisher
        .publishLatency()
        .writeTo(
            out,
            "captionflow_bridge_publish_latency_seconds",
            "From the bridge taking a record to Kafka acknowledging it.");
    guard.writeMetrics(out, "captionflow_bridge");
    return out.toString();
  }
}
