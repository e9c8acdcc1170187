package io.captionflow.diarization.timeline;

import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.scoring.SpeakerTurn;
import io.captionflow.diarization.streaming.SpeakerActivity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Turns frame activities into speaker turns (RTTM-ready), per {@link TurnParams}. */
public final class SpeakerTurns {

  private SpeakerTurns() {}

  /**
   * Turns of speakers {@code 0 .. maxSpeakers-1}, labelled {@code spk0, spk1, ...}, sorted by
   * start.
   */
  public static List<SpeakerTurn> of(
      SpeakerActivity activity, TurnParams p, int maxSpeakers, String file) {
    double fs = SortformerModel.FRAME_SECONDS;
    int n = activity.frames();
    double audioEnd = activity.endFrame() * fs;
    List<SpeakerTurn> turns = new ArrayList<>();
    for (int k = 0; k < maxSpeakers; k++) {
      float[] probs = median(column(activity, k), p.medianFrames());
      List<double[]> spans = new ArrayList<>();
      int start = -1;
      for (int t = 0; t <= n; t++) {
        float v = t < n ? probs[t] : -1f;
        if (start < 0 && t < n && v >= p.onset()) {
          start = t;
        } else if (start >= 0 && v < p.offset()) {
          double a = Math.max(0, (activity.firstFrame() + start) * fs - p.padOnset());
          double b = Math.min(audioEnd, (activity.firstFrame() + t) * fs + p.padOffset());
          if (b - a >= p.minOnSeconds()) {
            spans.add(new double[] {a, b});
          }
          start = -1;
        }
      }
      List<double[]> merged = new ArrayList<>();
      for (double[] s : spans) {
        double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (last != null && s[0] - last[1] < p.minOffSeconds()) {
          last[1] = Math.max(last[1], s[1]);
        } else {
          merged.add(s);
        }
      }
      for (double[] s : merged) {
        turns.add(new SpeakerTurn(file, 1, round(s[0]), round(s[1]), "spk" + k));
      }
    }
    turns.sort(Comparator.comparingDouble(SpeakerTurn::start).thenComparing(SpeakerTurn::speaker));
    return turns;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  private static float[] column(SpeakerActivity a, int k) {
    float[] c = new float[a.frames()];
    for (int t = 0; t < c.length; t++) {
      c[t] = a.probability(a.firstFrame() + t, k);
    }
    return c;
  }

  private static float[] median(float[] x, int window) {
    if (window <= 1) {
      return x;
    }
    int half = window / 2;
    float[] out = new float[x.length];
    for (int t = 0; t < x.length; t++) {
      float[] w = Arrays.copyOfRange(x, Math.max(0, t - half), Math.min(x.length, t + half + 1));
      Arrays.sort(w);
      out[t] = w[w.length / 2];
    }
    return out;
  }
}
