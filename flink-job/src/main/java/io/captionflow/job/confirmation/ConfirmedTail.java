package io.captionflow.job.confirmation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The latest confirmed tokens, matched against a window's first tokens so a word decoded again at
 * the window's left edge, perhaps a frame off, is neither doubled nor dropped.
 */
final class ConfirmedTail {

  /**
   * Two encoder frames: how far the same token may move between two decodes of overlapping windows.
   */
  static final double MATCH_TOLERANCE = 0.16;

  /**
   * Longest word whose cut-off tail at a window's start is recognised as the confirmed word, not a
   * new one.
   */
  static final double CUT_WORD_SECONDS = 1.0;

  private static final int TAIL_TOKENS = 64;

  private final ArrayDeque<TimedToken> tokens = new ArrayDeque<>();

  /** Whether {@code t} is the tail of a confirmed word the window start cut through. */
  boolean cutByWindowStart(TimedToken t, double windowStart) {
    for (TimedToken u : tokens) {
      if (u.id() == t.id()
          && u.startSeconds() < windowStart
          && u.startSeconds() >= windowStart - CUT_WORD_SECONDS) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code t} is a confirmed token decoded again. */
  boolean matches(TimedToken t) {
    for (TimedToken u : tokens) {
      if (u.id() == t.id() && Math.abs(u.startSeconds() - t.startSeconds()) <= MATCH_TOLERANCE) {
        return true;
      }
    }
    return false;
  }

  void remember(TimedToken t) {
    tokens.addLast(t);
    if (tokens.size() > TAIL_TOKENS) {
      tokens.pollFirst();
    }
  }

  /** Forgets the tokens ending before {@code seconds}: no later window reaches back to them. */
  void forgetBefore(double seconds) {
    while (!tokens.isEmpty() && tokens.peekFirst().endSeconds() < seconds) {
      tokens.pollFirst();
    }
  }

  void write(DataOutput out) throws IOException {
    TokenIO.writeTokens(out, List.copyOf(tokens));
  }

  void read(DataInput in) throws IOException {
    tokens.addAll(TokenIO.readTokens(in));
  }
}
