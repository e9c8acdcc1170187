package io.captionflow.job.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Per-split watermarks that say how far the job has caught up with a Kafka partition, so time-based
 * session ends wait for audio still in Kafka.
 *
 * <ul>
 *   <li>While records flow: the newest record timestamp seen (minus 1 ms). A lagging partition
 *       keeps delivering its backlog, so its watermark stays with its data.
 *   <li>Once the split has been silent for {@code idleAfter} it counts as caught up: the watermark
 *       advances at the clock's pace from the last timestamp, {@code idleAfter} behind (wm = maxTs
 *       + (now − lastRecord) − idleAfter), so timers still fire when nothing more comes.
 *   <li>A split without any record since it was created (a fresh start, a restore, an unused
 *       partition) is marked idle after {@code idleAfter}, so it holds nobody back; until then it
 *       holds the watermark, giving a restored job's first fetch of a backlog time to arrive.
 * </ul>
 *
 * Time is measured on Flink's input-activity clock, which stands still while the source is
 * backpressured: a split waiting for a slow job is not mistaken for a caught-up one. The watermark
 * never goes backwards.
 */
public final class CaughtUpWatermarks<T> implements WatermarkGenerator<T> {

  private final long idleAfterNanos;
  private final RelativeClock clock;
  private long maxTimestamp = Long.MIN_VALUE;
  private long lastActivityNanos;
  private long emitted = Long.MIN_VALUE;
  private boolean idle;

  public CaughtUpWatermarks(Duration idleAfter, RelativeClock clock) {
    if (idleAfter.isNegative() || idleAfter.isZero()) {
      throw new IllegalArgumentException("the caught-up period must be positive, got " + idleAfter);
    }
    this.idleAfterNanos = idleAfter.toNanos();
    this.clock = clock;
    this.lastActivityNanos = clock.relativeTimeNanos();
  }

  /** Kafka record timestamps in, these watermarks per split. */
  public static <T> WatermarkStrategy<T> strategy(Duration idleAfter) {
    return WatermarkStrategy.forGenerator(
        context -> new CaughtUpWatermarks<>(idleAfter, context.getInputActivityClock()));
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    lastActivityNanos = clock.relativeTimeNanos();
    if (eventTimestamp >= 0) { // Kafka's "no timestamp" is -1, a source without any MIN_VALUE
      maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long silentNanos = clock.relativeTimeNanos() - lastActivityNanos;
    if (maxTimestamp == Long.MIN_VALUE) {
      if (silentNanos >= idleAfterNanos && !idle) {
        idle = true;
        output.markIdle();
      }
      return;
    }
    long caughtUpMillis = Math.max(0, silentNanos - idleAfterNanos) / 1_000_000;
    long watermark = maxTimestamp - 1 + caughtUpMillis;
    if (watermark > emitted) {
      emitted = watermark;
      idle = false;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
