package io.captionflow.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/** The per-split watermark rules, on a fake clock. */
class CaughtUpWatermarksTest {

  static final Duration IDLE_AFTER = Duration.ofSeconds(30);

  /** What the generator told Flink: "wm N" and "idle", in order. */
  static final class Recorded implements WatermarkOutput {
    final List<String> seen = new ArrayList<>();
    long last = Long.MIN_VALUE;

    @Override
    public void emitWatermark(Watermark watermark) {
      last = watermark.getTimestamp();
      seen.add("wm " + last);
    }

    @Override
    public void markIdle() {
      seen.add("idle");
    }

    @Override
    public void markActive() {
      seen.add("active");
    }
  }

  final ManualClock clock = new ManualClock(1_000_000_000L);
  final Recorded out = new Recorded();
  final CaughtUpWatermarks<String> generator = new CaughtUpWatermarks<>(IDLE_AFTER, clock);

  void after(long millis) {
    clock.advanceTime(Duration.ofMillis(millis));
  }

  void record(long timestamp) {
    generator.onEvent("r", timestamp, out);
  }

  void emit() {
    generator.onPeriodicEmit(out);
  }

  @Test
  void whileRecordsFlowTheWatermarkIsTheNewestTimestamp() {
    record(10_000);
    emit();
    record(10_100);
    record(10_050); // a producer whose clock lags: not backwards
    emit();
    after(200);
    emit(); // nothing new, nothing emitted
    assertEquals(List.of("wm 9999", "wm 10099"), out.seen);
  }

  @Test
  void aLaggingSplitStaysWithItsDataHoweverLongTheBacklogTakes() {
    long t0 = 1_700_000_000_000L; // published ten minutes before the job reads it
    for (int i = 0; i < 600; i++) {
      record(t0 + i * 100L);
      after(1_000); // the job reads a chunk a second: ten minutes behind, then more
      emit();
    }
    assertEquals(t0 + 599 * 100L - 1, out.last);
  }

  @Test
  void aSilentSplitFollowsTheClockIdleAfterBehindItsLastRecord() {
    record(50_000);
    emit();
    after(IDLE_AFTER.toMillis());
    emit(); // silent exactly idleAfter: still the last timestamp
    after(1_500);
    emit();
    after(60_000);
    emit();
    assertEquals(List.of("wm 49999", "wm 51499", "wm 111499"), out.seen);
    record(200_000); // data again: its timestamp, never backwards
    emit();
    record(150_000);
    after(40_000);
    emit();
    assertEquals(List.of("wm 49999", "wm 51499", "wm 111499", "wm 199999", "wm 209999"), out.seen);
  }

  @Test
  void aSplitWithoutRecordsHoldsTheWatermarkForIdleAfterThenIsIdleOnce() {
    emit();
    after(IDLE_AFTER.toMillis() - 1);
    emit();
    assertEquals(List.of(), out.seen, "a restored backlog's first fetch gets idleAfter to arrive");
    after(1);
    emit();
    after(10_000);
    emit();
    assertEquals(List.of("idle"), out.seen);
    record(70_000); // its first record: the watermark makes it active again
    emit();
    assertEquals(List.of("idle", "wm 69999"), out.seen);
  }

  @Test
  void recordsWithoutTimestampsKeepTheSplitActiveButSetNoTime() {
    after(IDLE_AFTER.toMillis() - 1);
    record(-1); // Kafka's "no timestamp"
    after(IDLE_AFTER.toMillis() - 1);
    emit();
    assertEquals(List.of(), out.seen);
    after(1);
    emit();
    assertEquals(List.of("idle"), out.seen);
  }

  @Test
  void aPeriodThatIsNotPositiveIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CaughtUpWatermarks<String>(Duration.ZERO, clock));
    assertEquals("the caught-up period must be positive, got PT0S", e.getMessage());
  }

  /**
   * Whatever records and pauses come, the watermark is the highest the rule ever gave: never
   * backwards, never ahead of it.
   */
  @Property(tries = 200)
  void theWatermarkIsTheHighestValueTheRuleEverGave(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 120_000) Integer> timestamps,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 90_000) Integer> pauses) {
    ManualClock fake = new ManualClock(5_000_000_000L);
    Recorded seen = new Recorded();
    CaughtUpWatermarks<String> g = new CaughtUpWatermarks<>(IDLE_AFTER, fake);
    long max = Long.MIN_VALUE;
    long silentSince = fake.relativeTimeMillis();
    long expected = Long.MIN_VALUE;
    for (int i = 0; i < Math.max(timestamps.size(), pauses.size()); i++) {
      if (i < timestamps.size()) {
        g.onEvent("r", timestamps.get(i), seen);
        max = Math.max(max, timestamps.get(i));
        silentSince = fake.relativeTimeMillis();
      }
      if (i < pauses.size()) {
        fake.advanceTime(Duration.ofMillis(pauses.get(i)));
      }
      g.onPeriodicEmit(seen);
      if (max != Long.MIN_VALUE) {
        long silent = fake.relativeTimeMillis() - silentSince;
        expected = Math.max(expected, max - 1 + Math.max(0, silent - IDLE_AFTER.toMillis()));
      }
      assertEquals(expected, seen.last);
    }
  }
}
