package io.captionflow.sink.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.sink.session.SubtitleTimeline;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class HlsWindowTest {

  private static final HlsSettings SETTINGS = new HlsSettings(4, 3, Duration.ofSeconds(3), 0, true);

  /** Live, last word confirmed through 4.5 s, silent since 5.0 s (event written at 100 s). */
  private static SubtitleTimeline pausedAt5(long lastEventMillis) {
    return new SubtitleTimeline(
        0, false, null, List.of(), 4.5, 5.0, 100_000L, lastEventMillis, null);
  }

  @Test
  void whileSomeoneSpeaksOnlyConfirmedWordsLessTheRecoveryGuardCount() {
    SubtitleTimeline speaking =
        new SubtitleTimeline(0, false, null, List.of(), 8.1, null, null, 0, null);
    assertEquals(7.94, HlsWindow.finalThroughSeconds(speaking, SETTINGS, 1_000_000), 1e-9);
    assertEquals(1, HlsWindow.of(speaking, SETTINGS, 1_000_000).published());
    SubtitleTimeline past =
        new SubtitleTimeline(0, false, null, List.of(), 8.16, null, null, 0, null);
    assertEquals(2, HlsWindow.of(past, SETTINGS, 1_000_000).published());
  }

  @Test
  void aPauseCountsAsFinalOnlyAfterSettleWithoutEventsAndTrailsByIt() {
    assertEquals(4.34, HlsWindow.finalThroughSeconds(pausedAt5(100_000), SETTINGS, 102_999), 1e-9);
    assertEquals(5.0, HlsWindow.finalThroughSeconds(pausedAt5(100_000), SETTINGS, 103_000), 1e-9);
    assertEquals(13.0, HlsWindow.finalThroughSeconds(pausedAt5(100_000), SETTINGS, 111_000), 1e-9);
    assertEquals(3, HlsWindow.of(pausedAt5(100_000), SETTINGS, 111_000).published());
    // Something arrived 1 s ago (a final closing the segment before the pause): wait.
    assertEquals(4.34, HlsWindow.finalThroughSeconds(pausedAt5(110_000), SETTINGS, 111_000), 1e-9);
  }

  @Test
  void beforeTheFirstEventNothingIsPublished() {
    SubtitleTimeline waiting =
        new SubtitleTimeline(-1, false, null, List.of(), null, null, null, 0, null);
    HlsWindow window = HlsWindow.of(waiting, SETTINGS, 1_000_000);
    assertEquals(0, window.published());
    assertEquals(0, window.first());
  }

  @Property(tries = 200)
  void segmentsTileTheEndedRunWithoutGapOrOverlap(
      @ForAll @DoubleRange(min = 0.001, max = 3600) @Scale(4) double end,
      @ForAll @IntRange(min = 1, max = 10) int segmentSeconds) {
    HlsSettings s = new HlsSettings(segmentSeconds, 3, Duration.ZERO, 0, true);
    HlsWindow w =
        HlsWindow.of(
            new SubtitleTimeline(0, true, end, List.of(), null, null, null, 0, null), s, 0);
    double expectedEnd = Math.round(end * 1000) / 1000.0;
    long last = w.published() - 1;
    assertEquals(0.0, w.startSeconds(0));
    for (long n = 1; n <= last; n++) {
      assertEquals(w.endSeconds(n - 1), w.startSeconds(n), 1e-9);
      assertEquals(segmentSeconds, w.endSeconds(n - 1) - w.startSeconds(n - 1), 1e-9);
    }
    assertEquals(expectedEnd, w.endSeconds(last), 1e-9);
    double lastDuration = w.endSeconds(last) - w.startSeconds(last);
    assertEquals(
        true, lastDuration > 0 && lastDuration <= segmentSeconds + 1e-9, "" + lastDuration);
    assertEquals(Math.max(0, w.published() - 3), w.first());
  }
}
