package io.captionflow.job.confirmation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which words of a window's hypothesis are final, in audio time, by two rules that must
 * both hold:
 *
 * <ul>
 *   <li><b>time</b>: the word ends before {@code window end − confirm threshold}, or before a pause
 *       the VAD saw (lookahead: and the next word or a pause follows it);
 *   <li><b>agreement</b> (LocalAgreement-k): the word lies in the prefix that this hypothesis
 *       shares with the {@code k − 1} hypotheses before it: same pieces, start and end within
 *       {@link RecentHypotheses#AGREE_TOLERANCE}. A re-decoding model moves words a frame, splits
 *       them differently or flickers near a window's right edge; only what it keeps saying becomes
 *       final.
 * </ul>
 *
 * <p>A word about to leave the buffer is confirmed only if at least two hypotheses had it,
 * otherwise dropped and counted. At the end of the stream ({@code flush}) every word is final: the
 * caller decodes the last window with silence appended, so no real word sits at its edge.
 *
 * <p>Invariants of the output (property-tested): each confirmed word starts at or after the end of
 * the one before it (the confirmer resolves ±2-frame jitter before emitting), no word is confirmed
 * twice, a word's pieces stay one word, and confirmed words are never revised. Tokens at the
 * window's left edge are matched against the {@link ConfirmedTail}.
 */
public final class TokenConfirmer {

  /** A token ending up to one frame after the VAD's pause start still belongs before the pause. */
  static final double PAUSE_TOLERANCE = 0.08;

  /**
   * What one decode decided: words confirmed now (in order), the still-open rest (for partials),
   * and the hypothesis' churn.
   *
   * @param revised words of the previous hypothesis, not yet confirmed, that this one changed or
   *     dropped
   * @param forcedOut words confirmed because they were leaving the buffer (seen at least twice)
   * @param droppedAtEdge words that left the buffer after appearing in only one hypothesis
   */
  public record Decision(
      List<ConfirmedWord> confirmed,
      List<ConfirmedWord> pending,
      List<TimedToken> pendingTokens,
      int revised,
      int forcedOut,
      int droppedAtEdge) {}

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
   *     them now if seen twice
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

  private final int agreement;
  private double confirmedEnd = Double.NEGATIVE_INFINITY;

  /** End of audio settled for good: confirmed, or dropped at the buffer edge. */
  private double settledEnd = Double.NEGATIVE_INFINITY;

  private final ConfirmedTail tail = new ConfirmedTail();
  private final RecentHypotheses recent;

  /** Time rule alone (k = 1). */
  public TokenConfirmer() {
    this(1);
  }

  /**
   * @param agreement k: how many successive hypotheses must agree on a word before it is confirmed
   */
  public TokenConfirmer(int agreement) {
    if (agreement < 1) {
      throw new IllegalArgumentException("agreement must be >= 1, got " + agreement);
    }
    this.agreement = agreement;
    this.recent = new RecentHypotheses(agreement);
  }

  public int agreement() {
    return agreement;
  }

  public double confirmedEndSeconds() {
    return confirmedEnd;
  }

  public Decision decide(List<TimedToken> hypothesis, Window w) {
    double cutEdge = w.decodedFresh() ? w.windowStart() : Double.NEGATIVE_INFINITY;
    List<TimedToken> fresh = unconfirmed(hypothesis, cutEdge);
    List<List<TimedToken>> words = ConfirmedWord.group(fresh);
    List<List<List<TimedToken>>> earlier = recent.wordsAfter(settledEnd);
    int revised =
        earlier.isEmpty()
            ? 0
            : RecentHypotheses.revisedWords(earlier.get(0), words, w.windowStart());
    int agreed = recent.agreedPrefix(words, earlier);

    double cut = w.windowEnd() - w.confirmSeconds();
    boolean pause = !Double.isNaN(w.pauseStart());
    List<ConfirmedWord> confirmed = new ArrayList<>();
    int forcedOut = 0;
    int dropped = 0;
    int k = 0;
    for (; k < words.size(); k++) {
      List<TimedToken> word = words.get(k);
      double end = word.get(word.size() - 1).endSeconds();
      boolean leaving = word.get(0).startSeconds() < w.forceBefore();
      boolean timeRule;
      if (w.flush()) {
        timeRule = true;
      } else if (leaving) {
        if (!RecentHypotheses.seenBefore(word, earlier)) {
          dropped++;
          settle(end);
          continue; // heard once, never again: not a word anyone agreed on
        }
        forcedOut++;
        timeRule = true;
      } else {
        boolean beforePause = pause && end <= w.pauseStart() + PAUSE_TOLERANCE;
        boolean rightContext = k + 1 < words.size() || beforePause;
        timeRule =
            k < agreed
                && (end <= cut || (beforePause && recent.pauseHeardBefore(end)))
                && (!w.lookahead() || rightContext);
      }
      if (!timeRule) {
        break;
      }
      ConfirmedWord c = clampToConfirmed(ConfirmedWord.of(word));
      if (c == null) {
        continue; // a re-reading of audio already confirmed
      }
      confirmed.add(c);
      for (TimedToken t : word) {
        tail.remember(t);
      }
      confirmedEnd = Math.max(confirmedEnd, c.endSeconds());
      settle(c.endSeconds());
    }
    List<ConfirmedWord> pending = new ArrayList<>();
    List<TimedToken> pendingTokens = new ArrayList<>();
    for (; k < words.size(); k++) {
      pending.add(ConfirmedWord.of(words.get(k)));
      pendingTokens.addAll(words.get(k));
    }
    recent.remember(pendingTokens, w.pauseStart(), w.flush());
    tail.forgetBefore(w.windowStart() - 1.0);
    return new Decision(confirmed, pending, pendingTokens, revised, forcedOut, dropped);
  }

  /**
   * A word overlapping the confirmed one before it by up to its first half starts where that one
   * ended (jitter); one mostly inside confirmed audio is a re-reading and gives null.
   */
  private ConfirmedWord clampToConfirmed(ConfirmedWord c) {
    if (c.startSeconds() >= confirmedEnd) {
      return c;
    }
    if ((c.startSeconds() + c.endSeconds()) / 2 < confirmedEnd) {
      return null;
    }
    return new ConfirmedWord(
        c.text(), confirmedEnd, c.endSeconds(), c.confidence(), c.speaker(), c.speakerOverlap());
  }

  private void settle(double end) {
    settledEnd = Math.max(settledEnd, end);
  }

  /** The hypothesis' tokens that are not already confirmed. */
  List<TimedToken> unconfirmed(List<TimedToken> hypothesis, double windowStart) {
    List<TimedToken> fresh = new ArrayList<>();
    double settled = Math.max(confirmedEnd, settledEnd);
    for (TimedToken t : hypothesis) {
      if (fresh.isEmpty()) {
        if (t.startSeconds() <= windowStart + ConfirmedTail.MATCH_TOLERANCE
            && tail.cutByWindowStart(t, windowStart)) {
          continue; // the tail of a confirmed word the window start cut through, heard as an onset
        }
        if (t.startSeconds() < settled - ConfirmedTail.MATCH_TOLERANCE) {
          continue; // well inside audio already settled
        }
        if (tail.matches(t)) {
          continue; // a confirmed token decoded again at the window edge
        }
        if (t.startSeconds() < settled && t.endSeconds() <= settled) {
          continue; // a re-reading of settled audio: confirmed words are never revised
        }
        if (!t.startsWord()) {
          continue; // a later piece of a word settled before (or cut by the window start)
        }
      }
      fresh.add(t);
    }
    return fresh;
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(agreement);
    out.writeDouble(confirmedEnd);
    out.writeDouble(settledEnd);
    tail.write(out);
    recent.write(out);
  }

  public static TokenConfirmer read(DataInput in) throws IOException {
    TokenConfirmer c = new TokenConfirmer(in.readInt());
    c.confirmedEnd = in.readDouble();
    c.settledEnd = in.readDouble();
    c.tail.read(in);
    c.recent.read(in);
    return c;
  }

  /** State written before agreement existed (session state formats 1 and 2): time rule alone. */
  public static TokenConfirmer readTimeRuleOnly(DataInput in) throws IOException {
    TokenConfirmer c = new TokenConfirmer(1);
    c.confirmedEnd = in.readDouble();
    c.settledEnd = c.confirmedEnd;
    c.tail.read(in);
    return c;
  }
}
