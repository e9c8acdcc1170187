package io.captionflow.asr;

import java.util.ArrayList;
import java.util.List;

/**
 * One window of a long recording and the part of the recording it owns (its core), in samples from
 * the recording's first. The core runs from the middle of the overlap with the previous window to
 * the middle of the overlap with the next (the recording's ends for the first and last window), so
 * the cores tile the recording and each lies at least half an overlap inside its window's cut
 * edges.
 *
 * @param start the window's first sample
 * @param end the sample after the window's last
 * @param coreStart the first sample the window owns
 * @param coreEnd the sample after the last it owns
 */
public record LongFormWindow(int start, int end, int coreStart, int coreEnd) {

  public LongFormWindow {
    if (start < 0 || start > coreStart || coreStart > coreEnd || coreEnd > end) {
      throw new IllegalArgumentException(
          "window ["
              + start
              + ", "
              + end
              + ") must hold its core ["
              + coreStart
              + ", "
              + coreEnd
              + ") and start at sample 0 or later");
    }
  }

  /** True when {@code sample} lies in this window's core (the core's end belongs to the next). */
  public boolean owns(long sample) {
    return sample >= coreStart && sample < coreEnd;
  }

  /**
   * The windows that cover {@code totalSamples}: one window for a recording of at most {@code
   * windowSamples}; else windows of {@code windowSamples} rounded down to whole {@code
   * gridSamples}, starting every {@code hop} (that length less the overlap, rounded down to whole
   * {@code gridSamples}), and a last one ending at the recording's end, so it keeps (within a grid
   * step) a whole window of context and overlaps the one before by at least {@code overlapSamples}.
   * Every start lies on the {@code gridSamples} grid, so each window's encoder frames are the
   * recording's frames, and the windows differ in length by less than a grid step, so a batch of
   * them is barely padded.
   *
   * @throws IllegalArgumentException when a size is not positive, or the overlap leaves less than
   *     one grid step to advance by
   */
  public static List<LongFormWindow> plan(
      int totalSamples, int windowSamples, int overlapSamples, int gridSamples) {
    if (totalSamples < 0 || windowSamples <= 0 || overlapSamples < 0 || gridSamples <= 0) {
      throw new IllegalArgumentException(
          "cannot plan windows over "
              + totalSamples
              + " samples with windows of "
              + windowSamples
              + ", overlap "
              + overlapSamples
              + " and grid "
              + gridSamples
              + ": the recording and overlap must be ≥ 0, the window and grid > 0");
    }
    // whole grid steps: every window of a long recording has the same length, so batches need no
    // padding
    int whole = windowSamples / gridSamples * gridSamples;
    int hop = (whole - overlapSamples) / gridSamples * gridSamples;
    if (hop < gridSamples) {
      throw new IllegalArgumentException(
          "windows of "
              + windowSamples
              + " samples overlapping by "
              + overlapSamples
              + " leave less than one frame of "
              + gridSamples
              + " samples to advance by: the overlap must be shorter than the window by a frame");
    }
    if (totalSamples <= windowSamples) {
      return List.of(new LongFormWindow(0, totalSamples, 0, totalSamples));
    }
    List<Integer> starts = new ArrayList<>();
    for (long s = 0; s + whole < totalSamples; s += hop) {
      starts.add((int) s);
    }
    starts.add(ceilToGrid(totalSamples - whole, gridSamples));
    List<LongFormWindow> windows = new ArrayList<>(starts.size());
    int coreStart = 0;
    for (int i = 0; i < starts.size(); i++) {
      int start = starts.get(i);
      int end = Math.min(totalSamples, start + whole);
      int coreEnd =
          i + 1 < starts.size() ? (int) (((long) starts.get(i + 1) + end) / 2) : totalSamples;
      windows.add(new LongFormWindow(start, end, coreStart, coreEnd));
      coreStart = coreEnd;
    }
    return List.copyOf(windows);
  }

  private static int ceilToGrid(int samples, int gridSamples) {
    return (int) (((long) samples + gridSamples - 1) / gridSamples * gridSamples);
  }
}
