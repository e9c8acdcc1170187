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

  /** Calls of {@link #send}: each is one write of all the messages it was given. */
  public int writes;

  public boolean disconnected;
  private Runnable held;

  /** Completes the send held back by {@link #holdSends} (the peer read it), sending on at once. */
  public void releaseHeldSend() {
    Runnable done;
    synchronized (this) {
      done = held;
      held = null;
      holdSends = false;
    }
    done.run();
  }

  @Override
  public synchronized void send(
      List<OutgoingMessage> messages, Runnable onSent, Consumer<Throwable> onFailed) {
    messages.forEach(m -> sent.add(m.text()));
    writes++;
    if (holdSends) {
      held = onSent;
    } else {
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
