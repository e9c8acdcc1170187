package io.captionflow.sink.fanout;

import java.util.List;
import java.util.function.Consumer;

/**
 * The network side of one subscriber (a WebSocket session); asynchronous, never blocks the caller.
 */
public interface Outbound {

  /**
   * Sends text messages (their pre-encoded bytes) in order, written together; exactly one of the
   * two callbacks runs once all frames are written or one failed.
   */
  void send(List<OutgoingMessage> messages, Runnable onSent, Consumer<Throwable> onFailed);

  /** Sends a ping; the peer's pong (or any frame) proves it is alive. */
  void ping();

  /** Closes with a WebSocket close code and a human-readable reason. */
  void close(int code, String reason);

  /** Drops the connection without a close handshake (for peers that no longer read). */
  void disconnect();
}
