package io.captionflow.sink.fanout;

import io.captionflow.schema.wire.CloseCodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One WebSocket subscriber: a bounded queue of (pre-encoded) JSON messages with at most one send in
 * flight; a send takes everything queued (up to {@link #MAX_BATCH} messages) in one write, so a
 * subscriber that fell behind catches up with fewer writes, not more. Offering never blocks, so a
 * slow subscriber cannot delay the session's other subscribers; one that falls more than the limit
 * behind is dropped with close code {@link CloseCodes#TOO_SLOW} and disconnected after a grace
 * period if it does not even read the close frame.
 */
public final class Subscriber {

  /** The most messages one write carries. */
  static final int MAX_BATCH = 64;

  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final String sessionId;
  private final boolean wantsPartials;
  private final Outbound outbound;
  private final int queueLimit;
  private final FanoutStats stats;
  private final ScheduledExecutorService scheduler;
  private final long dropGraceMillis;
  private final ArrayDeque<OutgoingMessage> queue = new ArrayDeque<>();
  private volatile long lastHeardNanos = System.nanoTime();
  private int backlog;
  private boolean inFlight;
  // Made once: a send allocates nothing of the subscriber's own. With one send in flight, the
  // batch being written is reused; only the thread completing that send touches it meanwhile.
  private final List<OutgoingMessage> sending = new ArrayList<>(MAX_BATCH);
  private final Runnable onSent = this::sent;
  private final Consumer<Throwable> onFailed = this::failed;
  private boolean pumping;
  private boolean finished;

  /**
   * @param queueLimit messages this subscriber may lag behind live (history sent on joining comes
   *     on top)
   */
  public Subscriber(
      String sessionId,
      boolean wantsPartials,
      Outbound outbound,
      int queueLimit,
      FanoutStats stats,
      ScheduledExecutorService scheduler,
      long dropGraceMillis) {
    this.sessionId = sessionId;
    this.wantsPartials = wantsPartials;
    this.outbound = outbound;
    this.queueLimit = queueLimit;
    this.stats = stats;
    this.scheduler = scheduler;
    this.dropGraceMillis = dropGraceMillis;
  }

  public long id() {
    return id;
  }

  public String sessionId() {
    return sessionId;
  }

  public boolean wantsPartials() {
    return wantsPartials;
  }

  /** Queues the greeting and history sent on joining; they do not count against the lag limit. */
  public void start(List<String> backlogMessages) {
    synchronized (this) {
      if (finished) {
        return;
      }
      backlogMessages.forEach(m -> queue.add(OutgoingMessage.backlog(m)));
      backlog = backlogMessages.size();
    }
    pump();
  }

  /**
   * Queues a live message; false when this subscriber is finished (dropped or closed) and should be
   * removed.
   */
  public boolean offer(OutgoingMessage message) {
    int discarded = 0;
    synchronized (this) {
      if (finished) {
        return false;
      }
      if (queue.size() >= queueLimit + backlog) {
        finished = true;
        discarded = queue.size() + 1;
        queue.clear();
      } else {
        queue.add(message);
      }
    }
    if (discarded > 0) {
      drop(discarded);
      return false;
    }
    pump();
    return true;
  }

  public synchronized int queued() {
    return queue.size();
  }

  public synchronized boolean isFinished() {
    return finished;
  }

  /** Records that the peer is alive (a pong or any other frame arrived). */
  public void heard() {
    lastHeardNanos = System.nanoTime();
  }

  public long silentMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
  }

  /**
   * Pings the peer, or closes it with {@link CloseCodes#NO_HEARTBEAT} when it stayed silent too
   * long.
   */
  public void heartbeat(long deadAfterMillis) {
    if (silentMillis() > deadAfterMillis) {
      if (!isFinished()) {
        stats.reapedSilent();
      }
      close(CloseCodes.NO_HEARTBEAT, "no pong for " + deadAfterMillis / 1000 + " s");
    } else if (!isFinished()) {
      outbound.ping();
    }
  }

  /** Ends this subscriber with a close code (session over, no heartbeat, shutdown). */
  public void close(int code, String reason) {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      queue.clear();
    }
    outbound.close(code, reason);
    scheduleDisconnect();
  }

  /** The connection is gone (closed by either side); nothing more is sent. */
  public void closed() {
    synchronized (this) {
      finished = true;
      queue.clear();
    }
  }

  private void drop(int discardedMessages) {
    stats.droppedSlow(discardedMessages);
    outbound.close(CloseCodes.TOO_SLOW, "too slow: more than " + queueLimit + " messages waiting");
    scheduleDisconnect();
  }

  private void scheduleDisconnect() {
    scheduler.schedule(outbound::disconnect, dropGraceMillis, TimeUnit.MILLISECONDS);
  }

  // Sends queued messages one batch at a time; a send that completes inline continues this loop
  // instead
  // of recursing, so a long backlog cannot overflow the stack.
  private void pump() {
    synchronized (this) {
      if (pumping) {
        return;
      }
      pumping = true;
    }
    while (true) {
      synchronized (this) {
        if (inFlight || finished || queue.isEmpty()) {
          pumping = false;
          return;
        }
        while (sending.size() < MAX_BATCH && !queue.isEmpty()) {
          sending.add(queue.poll());
        }
        backlog = Math.max(0, backlog - sending.size());
        inFlight = true;
      }
      outbound.send(sending, onSent, onFailed);
    }
  }

  private void sent() {
    // still in flight: no pump touches the batch until it is counted and emptied
    sending.forEach(stats::sent);
    sending.clear();
    synchronized (this) {
      inFlight = false;
    }
    pump();
  }

  private void failed(Throwable error) {
    synchronized (this) {
      inFlight = false;
      finished = true;
      queue.clear();
    }
  }
}
