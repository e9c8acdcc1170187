package io.captionflow.sink.fanout;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the fan-out, shown on /health. */
public final class FanoutStats {
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong droppedSlow = new AtomicLong();
  private final AtomicLong reapedSilent = new AtomicLong();

  void sent() {
    sent.incrementAndGet();
  }

  void droppedSlow() {
    droppedSlow.incrementAndGet();
  }

  void reapedSilent() {
    reapedSilent.incrementAndGet();
  }

  public long messagesSent() {
    return sent.get();
  }

  public long subscribersDroppedTooSlow() {
    return droppedSlow.get();
  }

  public long subscribersReapedSilent() {
    return reapedSilent.get();
  }
}
