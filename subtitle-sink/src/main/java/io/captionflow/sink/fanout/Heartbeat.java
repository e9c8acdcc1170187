package io.captionflow.sink.fanout;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every subscriber at a fixed interval and closes those that stopped answering (dead
 * connections).
 */
public final class Heartbeat implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final ScheduledFuture<?> task;

  public Heartbeat(
      Supplier<List<Subscriber>> subscribers,
      ScheduledExecutorService scheduler,
      long intervalMillis,
      long deadAfterMillis) {
    this.task =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                for (Subscriber s : subscribers.get()) {
                  s.heartbeat(deadAfterMillis);
                }
              } catch (RuntimeException e) {
                LOG.warn("heartbeat sweep failed: {}", e.toString());
              }
            },
            intervalMillis,
            intervalMillis,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
