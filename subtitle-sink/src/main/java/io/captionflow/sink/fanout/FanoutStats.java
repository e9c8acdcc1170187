package io.captionflow.sink.fanout;

import io.captionflow.edge.metrics.LatencyHistogram;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the fan-out, shown on /health and /metrics. */
public final class FanoutStats {
  private final LongAdder sent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder droppedSlow = new LongAdder();
  private final LongAdder discarded = new LongAdder();
  private final LongAdder reapedSilent = new LongAdder();
  private final LatencyHistogram publishLatency = new LatencyHistogram();

  void sent(OutgoingMessage message) {
    sent.increment();
    bytesSent.add(message.utf8().length);
    if (message.timed()) {
      publishLatency.observeNanos(System.nanoTime() - message.publishedNanos());
    }
  }

  /**
   * A subscriber overflowed its queue: it is closed and its {@code discardedMessages} thrown away.
   */
  void droppedSlow(int discardedMessages) {
    droppedSlow.increment();
    discarded.add(discardedMessages);
  }

  void reapedSilent() {
    reapedSilent.increment();
  }

  public long messagesSent() {
    return sent.sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }

  public long subscribersDroppedTooSlow() {
    return droppedSlow.sum();
  }

  /** Messages never sent because their subscriber's queue overflowed (the overflowing one too). */
  public long messagesDiscarded() {
    return discarded.sum();
  }

  public long subscribersReapedSilent() {
    return reapedSilent.sum();
  }

  /** From the sink applying a Kafka record to its message written to a subscriber's socket. */
  public LatencyHistogram publishLatency() {
    return publishLatency;
  }
}
