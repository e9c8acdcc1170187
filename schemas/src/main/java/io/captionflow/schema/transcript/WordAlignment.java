package io.captionflow.schema.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far one transcript is from another, word by word: the fewest substitutions, insertions and
 * deletions that turn the reference into the hypothesis (Levenshtein over words, compared without
 * case and punctuation). Live subtitles against the enhanced transcript give operators a quality
 * signal that needs no human reference.
 *
 * @param referenceWords words of the reference (e.g. the enhanced transcript)
 * @param substitutions reference words the hypothesis has as another word
 * @param insertions hypothesis words with no reference word
 * @param deletions reference words the hypothesis lacks
 */
public record WordAlignment(int referenceWords, int substitutions, int insertions, int deletions) {

  /** Aligns {@code hypothesis} (e.g. the live words) against {@code reference}. */
  public static WordAlignment of(List<String> reference, List<String> hypothesis) {
    List<String> ref = normalized(reference);
    List<String> hyp = normalized(hypothesis);
    int n = ref.size();
    int m = hyp.size();
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      cost[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      cost[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int same = ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1;
        cost[i][j] =
            Math.min(cost[i - 1][j - 1] + same, Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1));
      }
    }
    int s = 0;
    int ins = 0;
    int del = 0;
    int i = n;
    int j = m;
    // walk one cheapest path back, preferring a match or substitution, so counts are deterministic
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0) {
        int same = ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1;
        if (cost[i][j] == cost[i - 1][j - 1] + same) {
          s += same;
          i--;
          j--;
          continue;
        }
      }
      if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
        del++;
        i--;
      } else {
        ins++;
        j--;
      }
    }
    return new WordAlignment(n, s, ins, del);
  }

  /** Word errors: substitutions + insertions + deletions. */
  public int errors() {
    return substitutions + insertions + deletions;
  }

  /** Errors per reference word (0 when both are empty; errors when the reference is empty). */
  public double errorRate() {
    return referenceWords == 0 ? errors() : errors() / (double) referenceWords;
  }

  private static List<String> normalized(List<String> words) {
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      String n = w.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']", "");
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    return out;
  }
}
