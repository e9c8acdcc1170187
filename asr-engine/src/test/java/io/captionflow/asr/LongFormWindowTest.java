package io.captionflow.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Where the windows of a long recording lie and which samples each owns. */
class LongFormWindowTest {

  private static final int FRAME = 1280;

  private static int s(double seconds) {
    return (int) Math.round(seconds * 16_000);
  }

  @Test
  void windowsAdvanceByTheWindowLessTheOverlapAndCoresMeetInTheOverlapsMiddles() {
    List<LongFormWindow> windows = LongFormWindow.plan(s(25.6), s(6.4), s(1.6), FRAME);
    assertEquals(
        List.of(
            new LongFormWindow(0, s(6.4), 0, s(5.6)),
            new LongFormWindow(s(4.8), s(11.2), s(5.6), s(10.4)),
            new LongFormWindow(s(9.6), s(16.0), s(10.4), s(15.2)),
            new LongFormWindow(s(14.4), s(20.8), s(15.2), s(20.0)),
            new LongFormWindow(s(19.2), s(25.6), s(20.0), s(25.6))),
        windows);
  }

  @Test
  void theLastWindowEndsAtTheRecordingsEndWithAWholeWindowOfContext() {
    List<LongFormWindow> windows = LongFormWindow.plan(s(30.0), s(6.4), s(1.6), FRAME);
    assertEquals(6, windows.size());
    // 30 − 6.4 = 23.6 s is on the 80 ms grid: the last window overlaps the one before by 2.0 s
    assertEquals(new LongFormWindow(s(23.6), s(30.0), s(24.6), s(30.0)), windows.get(5));
    assertEquals(s(24.6), windows.get(4).coreEnd());
  }

  @Test
  void theLastWindowStartsOnTheGridWhenTheRecordingEndsBetweenFrames() {
    // 20.05 − 6.4 = 13.65 s lies between frames 170 (13.6 s) and 171 (13.68 s): 13.68 keeps ≤ 6.4 s
    LongFormWindow last = LongFormWindow.plan(s(20.05), s(6.4), s(1.6), FRAME).get(3);
    assertEquals(new LongFormWindow(s(13.68), s(20.05), s((13.68 + 16.0) / 2), s(20.05)), last);
  }

  @Test
  void theAdvanceIsRoundedDownToWholeFramesSoTheOverlapOnlyGrows() {
    // 6 s − 1.99 s = 4.01 s: the windows advance by 4.0 s (50 frames), overlapping by 2.0 s
    List<LongFormWindow> windows = LongFormWindow.plan(s(14.0), s(6.0), s(1.99), FRAME);
    assertEquals(List.of(0, s(4.0), s(8.0)), windows.stream().map(LongFormWindow::start).toList());
    assertEquals(s(5.0), windows.get(0).coreEnd());
  }

  @Test
  void aRecordingNoLongerThanAWindowIsOneWindowOwningEverything() {
    assertEquals(
        List.of(new LongFormWindow(0, s(6.4), 0, s(6.4))),
        LongFormWindow.plan(s(6.4), s(6.4), s(1.6), FRAME));
    assertEquals(List.of(new LongFormWindow(0, 0, 0, 0)), LongFormWindow.plan(0, s(6.4), 0, FRAME));
  }

  @Test
  void aSampleOnACoreBoundaryBelongsToTheLaterWindowOnly() {
    List<LongFormWindow> windows = LongFormWindow.plan(s(25.6), s(6.4), s(1.6), FRAME);
    assertFalse(windows.get(0).owns(s(5.6)));
    assertTrue(windows.get(1).owns(s(5.6)));
    assertTrue(windows.get(0).owns(s(5.6) - 1));
  }

  @Test
  void anOverlapThatLeavesLessThanAFrameToAdvanceIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LongFormWindow.plan(s(30), s(6.0), s(6.0) - FRAME + 1, FRAME));
    assertEquals(
        "windows of 96000 samples overlapping by 94721 leave less than one frame of 1280 samples to"
            + " advance by: the overlap must be shorter than the window by a frame",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LongFormWindow.plan(s(30), 0, 0, FRAME));
    assertThrows(IllegalArgumentException.class, () -> LongFormWindow.plan(s(30), s(6), -1, FRAME));
  }

  @Property(tries = 300)
  void coresTileTheRecordingInsideWindowsThatOverlapByAtLeastTheOverlap(
      @ForAll @IntRange(min = 0, max = 3_000_000) int total,
      @ForAll @IntRange(min = 1, max = 200_000) int window,
      @ForAll @IntRange(min = 0, max = 200_000) int overlap,
      @ForAll @IntRange(min = 1, max = 2_000) int grid) {
    int hop = (window / grid * grid - overlap) / grid * grid;
    Assume.that(overlap < window && hop >= grid && total / hop < 20_000);

    List<LongFormWindow> windows = LongFormWindow.plan(total, window, overlap, grid);

    assertEquals(0, windows.get(0).start());
    assertEquals(total, windows.get(windows.size() - 1).end());
    int coreStart = 0;
    for (int i = 0; i < windows.size(); i++) {
      LongFormWindow w = windows.get(i);
      assertEquals(coreStart, w.coreStart(), "cores meet without gap or overlap at window " + i);
      coreStart = w.coreEnd();
      assertEquals(0, w.start() % grid, "start on the grid");
      if (total <= window) {
        assertEquals(total, w.end() - w.start(), "one window, the whole recording");
      } else if (i + 1 < windows.size()) {
        assertEquals(window / grid * grid, w.end() - w.start(), "whole grid steps");
      } else {
        assertTrue(w.end() - w.start() > window / grid * grid - grid, "the last within a step");
        assertTrue(w.end() - w.start() <= window / grid * grid, "the last no longer");
      }
      if (i + 1 < windows.size()) {
        LongFormWindow next = windows.get(i + 1);
        assertTrue(w.end() < total, "only the last window reaches the end");
        assertTrue(next.start() > w.start());
        assertTrue(w.end() - next.start() >= overlap, "overlap " + (w.end() - next.start()));
        assertTrue(w.end() - w.coreEnd() >= overlap / 2, "half an overlap after the core");
        assertTrue(w.coreEnd() - next.start() >= overlap / 2, "half an overlap before the next");
      }
    }
    assertEquals(total, coreStart);
  }
}
