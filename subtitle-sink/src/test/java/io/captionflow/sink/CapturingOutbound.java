package io.captionflow.sink;

import io.captionflow.sink.fanout.Outbound;
import io.captionflow.sink.fanout.OutgoingMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link Outbound} that completes every send at once and keeps what was sent, for unit tests.
 */
public final class CapturingOutbound implements Outbound {
  public final List<String> sent = new ArrayList<>();
  public int closeCode;
  public String closeReason;
  public boolean holdSends;
  public int pings;
  public boolean disconnected;

  @Override
  public synchronized void send(
      OutgoingMessage message, Runnable onSent, Consumer<Throwable> onFailed) {
    sent.add(message.text());
    if (!holdSends) {
      onSent.run();
    }
  }

  @Override
  public synchronized void ping() {
    pings++;
  }

  @Override
  public synchronized void close(int code, String reason) {
    closeCode = code;
    closeReason = reason;
  }

  @Override
  public synchronized void disconnect() {
    disconnected = true;
  }
}
