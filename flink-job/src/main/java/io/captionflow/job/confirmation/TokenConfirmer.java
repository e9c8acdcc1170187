package io.captionflow.job.confirmation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which words of a window's hypothesis are final. All decisions are in audio time. A word
 * is confirmed when it ends before {@code window end − confirm threshold}, or before a pause the
 * VAD saw, or (flush) at the end of the stream. Tokens at the window's left edge are matched
 * against the confirmed tail so a word decoded again, perhaps a frame off, is neither doubled nor
 * dropped. Confirmed words are returned once and never revised.
 */
public final class TokenConfirmer {

  /**
   * Two encoder frames: how far the same token may move between two decodes of overlapping windows.
   */
  static final double MATCH_TOLERANCE = 0.16;

  /** A token ending up to one frame after the VAD's pause start still belongs before the pause. */
  static final double PAUSE_TOLERANCE = 0.08;

  private static final int TAIL_TOKENS = 64;

  /**
   * Longest word whose cut-off tail at a window's start is recognised as the confirmed word, not a
   * new one.
   */
  static final double CUT_WORD_SECONDS = 1.0;

  /**
   * What one decode decided: words confirmed now (in order), and the still-open rest (for
   * partials).
   */
  public record Decision(
      List<ConfirmedWord> confirmed, List<ConfirmedWord> pending, List<TimedToken> pendingTokens) {}

  /**
   * One window's evidence.
   *
   * @param windowStart session seconds of the window's first sample
   * @param windowEnd session seconds just past the window's last sample
   * @param confirmSeconds right context a word needs before it is final
   * @param pauseStart start of the latest pause (≥ the VAD's minimum) in the window, NaN if none /
   *     pause detection off
   * @param lookahead a word also needs the next word (or a pause) after it
   * @param forceBefore words starting before this leave the buffer before the next decode: confirm
   *     them now
   * @param flush end of stream: confirm everything
   * @param decodedFresh the window was decoded from a fresh decoder state, so a word its start cut
   *     through is heard again as an onset at the window start (full-window modes; not chunked,
   *     whose decoder state carries on)
   */
  public record Window(
      double windowStart,
      double windowEnd,
      double confirmSeconds,
      double pauseStart,
      boolean lookahead,
      double forceBefore,
      boolean flush,
      boolean decodedFresh) {}

  private double confirmedEnd = Double.NEGATIVE_INFINITY;
  private final ArrayDeque<TimedToken> tail = new ArrayDeque<>();

  public double confirmedEndSeconds() {
    return confirmedEnd;
  }

  public Decision decide(List<TimedToken> hypothesis, Window w) {
    double cutEdge = w.decodedFresh() ? w.windowStart() : Double.NEGATIVE_INFINITY;
    List<TimedToken> fresh = unconfirmed(hypothesis, cutEdge);
    List<List<TimedToken>> words = ConfirmedWord.group(fresh);
    double cut = w.windowEnd() - w.confirmSeconds();
    boolean pause = !Double.isNaN(w.pauseStart());
    if (pause) {
      cut = Math.max(cut, w.pauseStart() + PAUSE_TOLERANCE);
    }
    List<ConfirmedWord> confirmed = new ArrayList<>();
    int k = 0;
    for (; k < words.size(); k++) {
      List<TimedToken> word = words.get(k);
      double end = word.get(word.size() - 1).endSeconds();
      boolean rightContext =
          k + 1 < words.size() || (pause && end <= w.pauseStart() + PAUSE_TOLERANCE);
      boolean final_ =
          w.flush()
              || (end <= cut && (!w.lookahead() || rightContext))
              || word.get(0).startSeconds() < w.forceBefore();
      if (!final_) {
        break;
      }
      confirmed.add(ConfirmedWord.of(word));
      for (TimedToken t : word) {
        remember(t);
      }
    }
    List<ConfirmedWord> pending = new ArrayList<>();
    List<TimedToken> pendingTokens = new ArrayList<>();
    for (; k < words.size(); k++) {
      pending.add(ConfirmedWord.of(words.get(k)));
      pendingTokens.addAll(words.get(k));
    }
    while (!tail.isEmpty() && tail.peekFirst().endSeconds() < w.windowStart() - 1.0) {
      tail.pollFirst();
    }
    return new Decision(confirmed, pending, pendingTokens);
  }

  /** The hypothesis' tokens that are not already confirmed. */
  List<TimedToken> unconfirmed(List<TimedToken> hypothesis, double windowStart) {
    List<TimedToken> fresh = new ArrayList<>();
    for (TimedToken t : hypothesis) {
      if (fresh.isEmpty()) {
        if (t.startSeconds() <= windowStart + MATCH_TOLERANCE && cutByWindowStart(t, windowStart)) {
          continue; // the tail of a confirmed word the window start cut through, heard as a new
          // onset
        }
        if (t.startSeconds() < confirmedEnd - MATCH_TOLERANCE) {
          continue; // well inside audio already confirmed
        }
        if (matchesTail(t)) {
          continue; // a confirmed token decoded again at the window edge
        }
        if (t.startSeconds() < confirmedEnd && t.endSeconds() <= confirmedEnd) {
          continue; // a re-reading of confirmed audio: confirmed words are never revised
        }
      }
      fresh.add(t);
    }
    return fresh;
  }

  private boolean cutByWindowStart(TimedToken t, double windowStart) {
    for (TimedToken u : tail) {
      if (u.id() == t.id()
          && u.startSeconds() < windowStart
          && u.startSeconds() >= windowStart - CUT_WORD_SECONDS) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesTail(TimedToken t) {
    for (TimedToken u : tail) {
      if (u.id() == t.id() && Math.abs(u.startSeconds() - t.startSeconds()) <= MATCH_TOLERANCE) {
        return true;
      }
    }
    return false;
  }

  private void remember(TimedToken t) {
    tail.addLast(t);
    if (tail.size() > TAIL_TOKENS) {
      tail.pollFirst();
    }
    confirmedEnd = Math.max(confirmedEnd, t.endSeconds());
  }

  public void write(DataOutput out) throws IOException {
    out.writeDouble(confirmedEnd);
    TokenIO.writeTokens(out, List.copyOf(tail));
  }

  public static TokenConfirmer read(DataInput in) throws IOException {
    TokenConfirmer c = new TokenConfirmer();
    c.confirmedEnd = in.readDouble();
    c.tail.addAll(TokenIO.readTokens(in));
    return c;
  }
}
