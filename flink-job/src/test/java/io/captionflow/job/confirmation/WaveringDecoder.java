package io.captionflow.job.confirmation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A token-level stand-in for a model re-decoding a sliding window, wavering near the window's right
 * edge the way the wavering fixture model (and a real Parakeet) does; the spoken words are known
 * exactly. In encoder frames of 80 ms, with d = frames between a word's end and the window's end: d
 * in {0, 1, 2} shifts the word by +2, −1, +1 frames; d in {3, 4} drops a multi-piece word's last
 * piece (never moving a word into the one before: a decoder's frame pointer only advances); a
 * flicker word sits 6 frames before the end wherever no word is; a word still being spoken comes
 * out as the pieces heard so far; a word the window start cut is not heard. Noise sessions have no
 * words, only tokens of their own in the last 6 frames of each window.
 */
final class WaveringDecoder {

  static final double FRAME = 0.08;
  static final int FLICKER_ID = 9_999;
  private static final int[] JITTER = {2, -1, 1};

  private final List<List<TimedToken>> words;
  private final double seconds;
  private final boolean noise;

  private WaveringDecoder(List<List<TimedToken>> words, double seconds, boolean noise) {
    this.words = words;
    this.seconds = seconds;
    this.noise = noise;
  }

  /** A session of random words: 1–3 pieces of 1–2 frames each, 0–6 frames apart. */
  static WaveringDecoder speech(long seed, int wordCount) {
    Random random = new Random(seed);
    List<List<TimedToken>> words = new ArrayList<>();
    int frame = 5 + random.nextInt(10);
    int previousType = -1;
    for (int i = 0; i < wordCount; i++) {
      int type = random.nextInt(20);
      if (type == previousType) {
        type = (type + 1) % 20;
      }
      previousType = type;
      int pieces = 1 + random.nextInt(3);
      List<TimedToken> word = new ArrayList<>();
      for (int p = 0; p < pieces; p++) {
        int length = 1 + random.nextInt(2);
        String piece = p == 0 ? "\u2581w" + type : "p" + type + "_" + p;
        word.add(
            new TimedToken(100 * type + p, piece, frame * FRAME, (frame + length) * FRAME, 0.9f));
        frame += length;
      }
      words.add(word);
      frame += random.nextInt(7);
    }
    return new WaveringDecoder(words, frame * FRAME + 0.2 + random.nextInt(12) * 0.1, false);
  }

  /** Noise: the model hears no word, yet emits tokens near every window's end. */
  static WaveringDecoder noise(double seconds) {
    return new WaveringDecoder(List.of(), seconds, true);
  }

  double seconds() {
    return seconds;
  }

  List<ConfirmedWord> spokenWords() {
    return words.stream().map(ConfirmedWord::of).toList();
  }

  /** The hypothesis for audio [start, end) of a decode numbered {@code index}. */
  List<TimedToken> decode(double start, double end, int index) {
    List<TimedToken> out = new ArrayList<>();
    for (int w = 0; w < words.size(); w++) {
      List<TimedToken> word = words.get(w);
      double wordStart = word.get(0).startSeconds();
      double wordEnd = word.get(word.size() - 1).endSeconds();
      if (wordStart < start - 1e-9 || wordStart >= end - 1e-9) {
        continue;
      }
      if (wordEnd > end + 1e-9) {
        for (TimedToken t : word) {
          if (t.startSeconds() < end - 1e-9) {
            out.add(t);
          }
        }
        continue;
      }
      int d = (int) Math.floor((end - wordEnd) / FRAME + 1e-9);
      if (d < JITTER.length) {
        int shift = JITTER[d];
        while (shift > 0 && wordEnd + shift * FRAME > end + 1e-9) {
          shift--;
        }
        // nor does a word run on into the next one: its pieces come out before the next word's
        double nextStart =
            w + 1 < words.size() ? words.get(w + 1).get(0).startSeconds() : Double.MAX_VALUE;
        while (shift > 0 && wordEnd + shift * FRAME > nextStart + 1e-9) {
          shift--;
        }
        // a TDT decoder's frame pointer only moves forward: no word starts inside the one before
        double previousEnd = out.isEmpty() ? start : out.get(out.size() - 1).endSeconds();
        while (shift < 0 && wordStart + shift * FRAME < previousEnd - 1e-9) {
          shift++;
        }
        for (TimedToken t : word) {
          out.add(shifted(t, shift * FRAME));
        }
      } else if (d <= 4 && word.size() > 1) {
        out.addAll(word.subList(0, word.size() - 1));
      } else {
        out.addAll(word);
      }
    }
    int endFrame = (int) Math.floor(end / FRAME + 1e-9);
    if (noise) {
      for (int j = 1; j <= 3; j++) {
        double at = (endFrame - 2 * j) * FRAME;
        if (at >= start) {
          out.add(new TimedToken(5_000 + 10 * index + j, "\u2581n", at, at + FRAME, 0.3f));
        }
      }
    } else if (!out.isEmpty()) {
      double at = (endFrame - 6) * FRAME;
      if (at >= start && !heard(out, at, at + FRAME)) {
        out.add(new TimedToken(FLICKER_ID, "\u2581uh", at, at + FRAME, 0.4f));
      }
    }
    out.sort(Comparator.comparingDouble(TimedToken::startSeconds));
    return out;
  }

  /** Start of the latest pause (≥ 0.32 s without a word) that the window [start, end) shows. */
  double pauseStart(double start, double end) {
    double latest = Double.NaN;
    for (int i = 0; i < words.size(); i++) {
      List<TimedToken> w = words.get(i);
      double wordEnd = w.get(w.size() - 1).endSeconds();
      double next =
          i + 1 < words.size() ? words.get(i + 1).get(0).startSeconds() : Double.MAX_VALUE;
      if (wordEnd >= start && next - wordEnd >= 0.32 - 1e-9 && end - wordEnd >= 0.32 - 1e-9) {
        latest = wordEnd;
      }
    }
    return latest;
  }

  private static boolean heard(List<TimedToken> tokens, double from, double to) {
    for (TimedToken t : tokens) {
      if (t.startSeconds() < to - 1e-9 && t.endSeconds() > from + 1e-9) {
        return true;
      }
    }
    return false;
  }

  private static TimedToken shifted(TimedToken t, double by) {
    return new TimedToken(
        t.id(), t.piece(), t.startSeconds() + by, t.endSeconds() + by, t.confidence());
  }
}
