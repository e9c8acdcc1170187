package io.captionflow.ingest.metrics;

import io.captionflow.edge.metrics.PrometheusText;
import java.util.concurrent.atomic.LongAdder;

/** What WebSocket publishers sent the bridge: messages and bytes taken, messages refused. */
public final class IngestCounters {

  private final LongAdder binaryMessages = new LongAdder();
  private final LongAdder textMessages = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder roomsRefused = new LongAdder();

  /** A binary frame of raw PCM arrived. */
  public void binary(int payloadBytes) {
    binaryMessages.increment();
    bytes.add(payloadBytes);
  }

  /** A JSON message arrived ({@code utf8Bytes} of text). */
  public void text(int utf8Bytes) {
    textMessages.increment();
    bytes.add(utf8Bytes);
  }

  /** A message was refused as bad input (closed 4400). */
  public void refused() {
    refused.increment();
  }

  /** The job refused a room's session (closed 4503). */
  public void roomRefused() {
    roomsRefused.increment();
  }

  public void writeTo(PrometheusText out) {
    out.type(
        "captionflow_bridge_received_messages_total",
        "WebSocket messages received from publishers, by kind.",
        "counter");
    out.sample("captionflow_bridge_received_messages_total{kind=\"binary\"}", binaryMessages.sum());
    out.sample("captionflow_bridge_received_messages_total{kind=\"text\"}", textMessages.sum());
    out.metric(
        "captionflow_bridge_received_bytes_total",
        "Bytes of WebSocket messages received from publishers (binary payloads and JSON text).",
        "counter",
        bytes.sum());
    out.metric(
        "captionflow_bridge_refused_messages_total",
        "Messages refused as bad input (connection closed with 4400).",
        "counter",
        refused.sum());
    out.metric(
        "captionflow_bridge_rooms_refused_total",
        "Rooms closed because the job refused their session (close code 4503).",
        "counter",
        roomsRefused.sum());
  }
}
