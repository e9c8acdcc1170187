package io.captionflow.diarization.scoring;

import java.util.Arrays;

/** The one-to-one label mapping with the largest total matched time, found exactly. */
final class SpeakerMapping {

  private SpeakerMapping() {}

  /**
   * @param matched {@code matched[r][h]}: time reference speaker r and hypothesis speaker h talk
   *     together
   * @return for each hypothesis speaker, its reference speaker index, or -1 when left unmapped
   */
  static int[] maximise(double[][] matched, int hypCount) {
    int refCount = matched.length;
    if (refCount == 0 || hypCount == 0) {
      int[] none = new int[hypCount];
      Arrays.fill(none, -1);
      return none;
    }
    boolean transpose = hypCount > refCount; // iterate over the larger side, subsets of the smaller
    int rows = transpose ? hypCount : refCount;
    int cols = transpose ? refCount : hypCount;
    if (cols > DerScorer.MAX_SMALLER_SIDE) {
      throw new IllegalArgumentException(
          "too many speakers to map exactly: "
              + refCount
              + " reference and "
              + hypCount
              + " hypothesis labels in one file");
    }
    double[][] w = new double[rows][cols];
    for (int r = 0; r < refCount; r++) {
      for (int h = 0; h < hypCount; h++) {
        if (transpose) w[h][r] = matched[r][h];
        else w[r][h] = matched[r][h];
      }
    }
    int masks = 1 << cols;
    // best[i][m]: largest total over rows i.. given columns in m already taken
    double[][] best = new double[rows + 1][masks];
    int[][] choice = new int[rows][masks];
    for (int i = rows - 1; i >= 0; i--) {
      for (int m = 0; m < masks; m++) {
        double top = best[i + 1][m];
        int pick = -1;
        for (int c = 0; c < cols; c++) {
          if ((m & (1 << c)) == 0 && w[i][c] > 0) {
            double v = w[i][c] + best[i + 1][m | (1 << c)];
            if (v > top) {
              top = v;
              pick = c;
            }
          }
        }
        best[i][m] = top;
        choice[i][m] = pick;
      }
    }
    int[] hypToRef = new int[hypCount];
    Arrays.fill(hypToRef, -1);
    int m = 0;
    for (int i = 0; i < rows; i++) {
      int c = choice[i][m];
      if (c >= 0) {
        if (transpose) hypToRef[i] = c;
        else hypToRef[c] = i;
        m |= 1 << c;
      }
    }
    return hypToRef;
  }
}
