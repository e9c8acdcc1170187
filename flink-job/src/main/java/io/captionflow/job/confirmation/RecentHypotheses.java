package io.captionflow.job.confirmation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest hypotheses' unconfirmed words and the pauses their windows showed, newest first (at
 * most max(1, k − 1)), and the agreement rule over them (LocalAgreement-k): a word is final only in
 * the prefix a hypothesis shares with the k − 1 before it.
 */
final class RecentHypotheses {

  /** One encoder frame (plus rounding): how far a word may move and still agree with itself. */
  static final double AGREE_TOLERANCE = 0.081;

  /** The unconfirmed rest of a recent hypothesis, and the pause its window showed (NaN: none). */
  private record Heard(List<TimedToken> tokens, double pauseStart) {}

  private final int agreement;
  private final ArrayDeque<Heard> recent = new ArrayDeque<>();

  RecentHypotheses(int agreement) {
    this.agreement = agreement;
  }

  /** Each earlier hypothesis' words, newest first, without those in audio settled before. */
  List<List<List<TimedToken>>> wordsAfter(double settledEnd) {
    List<List<List<TimedToken>>> earlier = new ArrayList<>();
    for (Heard h : recent) {
      List<List<TimedToken>> words = ConfirmedWord.group(h.tokens());
      int from = 0;
      while (from < words.size() && middle(words.get(from)) < settledEnd) {
        from++;
      }
      earlier.add(words.subList(from, words.size()));
    }
    return earlier;
  }

  private static double middle(List<TimedToken> word) {
    return (word.get(0).startSeconds() + word.get(word.size() - 1).endSeconds()) / 2;
  }

  /**
   * Words of this hypothesis, from the first, that every one of the last k − 1 hypotheses also had
   * in the same order; k = 1: all of them.
   */
  int agreedPrefix(List<List<TimedToken>> words, List<List<List<TimedToken>>> earlier) {
    if (agreement == 1) {
      return words.size();
    }
    if (earlier.size() < agreement - 1) {
      return 0;
    }
    int agreed = words.size();
    for (int j = 0; j < agreement - 1; j++) {
      List<List<TimedToken>> other = earlier.get(j);
      int n = 0;
      while (n < agreed && n < other.size() && sameWord(words.get(n), other.get(n))) {
        n++;
      }
      agreed = n;
    }
    return agreed;
  }

  /**
   * A pause confirms a word early only if the hypotheses it agreed with saw that pause too: a word
   * still being spoken in one of them may yet gain a piece.
   */
  boolean pauseHeardBefore(double end) {
    int checked = 0;
    for (Heard h : recent) {
      if (checked++ == agreement - 1) {
        break;
      }
      if (Double.isNaN(h.pauseStart()) || end > h.pauseStart() + TokenConfirmer.PAUSE_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /** Whether any earlier hypothesis had this word (for words leaving the buffer). */
  static boolean seenBefore(List<TimedToken> word, List<List<List<TimedToken>>> earlier) {
    for (List<List<TimedToken>> h : earlier) {
      for (List<TimedToken> other : h) {
        if (sameWord(word, other)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The previous hypothesis' words, still in view, that this one no longer has. */
  static int revisedWords(
      List<List<TimedToken>> previous, List<List<TimedToken>> current, double windowStart) {
    int revised = 0;
    for (List<TimedToken> p : previous) {
      if (p.get(0).startSeconds() < windowStart) {
        continue;
      }
      boolean kept = false;
      for (List<TimedToken> c : current) {
        if (sameWord(p, c)) {
          kept = true;
          break;
        }
      }
      if (!kept) {
        revised++;
      }
    }
    return revised;
  }

  /** Same pieces, start and end within {@link #AGREE_TOLERANCE}. */
  static boolean sameWord(List<TimedToken> a, List<TimedToken> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).id() != b.get(i).id()) {
        return false;
      }
    }
    return Math.abs(a.get(0).startSeconds() - b.get(0).startSeconds()) <= AGREE_TOLERANCE
        && Math.abs(a.get(a.size() - 1).endSeconds() - b.get(b.size() - 1).endSeconds())
            <= AGREE_TOLERANCE;
  }

  /** Keeps a decode's unconfirmed tokens for the next ones to agree with; a flush forgets all. */
  void remember(List<TimedToken> pendingTokens, double pauseStart, boolean flush) {
    if (flush) {
      recent.clear(); // the stream (or its settings) ends here: nothing to agree with later
      return;
    }
    recent.addFirst(new Heard(List.copyOf(pendingTokens), pauseStart));
    while (recent.size() > Math.max(1, agreement - 1)) {
      recent.pollLast();
    }
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(recent.size());
    for (Heard h : recent) {
      TokenIO.writeTokens(out, h.tokens());
      out.writeDouble(h.pauseStart());
    }
  }

  void read(DataInput in) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      recent.addLast(new Heard(TokenIO.readTokens(in), in.readDouble()));
    }
  }
}
