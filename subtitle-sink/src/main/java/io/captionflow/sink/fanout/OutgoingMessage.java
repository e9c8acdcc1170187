package io.captionflow.sink.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One JSON message as it goes to subscribers: encoded to UTF-8 once and the same bytes written to
 * every connection. {@code publishedNanos} ({@link System#nanoTime()}) is when the sink applied the
 * Kafka record that produced it, 0 for greeting and history (not a live delivery, not timed).
 */
public record OutgoingMessage(String text, byte[] utf8, long publishedNanos) {

  /** A live event's message, timed from now. */
  public static OutgoingMessage live(String json) {
    return new OutgoingMessage(json, json.getBytes(StandardCharsets.UTF_8), System.nanoTime());
  }

  /** A greeting or history message sent on joining (not timed). */
  public static OutgoingMessage backlog(String json) {
    return new OutgoingMessage(json, json.getBytes(StandardCharsets.UTF_8), 0);
  }

  public boolean timed() {
    return publishedNanos != 0;
  }

  /** A view of the shared bytes for one connection's write (writing moves only its position). */
  public ByteBuffer payload() {
    return ByteBuffer.wrap(utf8).asReadOnlyBuffer();
  }
}
