package io.captionflow.diarization.scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Diarization error rate as NIST md-eval defines it: overlapping speech is scored, and a collar of
 * {@code collarSeconds} on EACH side of every reference turn boundary is left out of scoring
 * (md-eval {@code -c}). Hypothesis labels are mapped one-to-one onto reference labels so that the
 * matched speaker time is maximal (exact optimum, by dynamic programming over subsets of the
 * smaller label set). Files are scored separately and their times summed.
 */
public final class DerScorer {

  /** More labels than this on both sides of one file makes the exact mapping too costly. */
  static final int MAX_SMALLER_SIDE = 20;

  private final double collarSeconds;

  public DerScorer(double collarSeconds) {
    if (!(collarSeconds >= 0) || Double.isInfinite(collarSeconds)) {
      throw new IllegalArgumentException(
          "collar must be a finite number of seconds >= 0, got " + collarSeconds);
    }
    this.collarSeconds = collarSeconds;
  }

  public DerResult score(List<SpeakerTurn> reference, List<SpeakerTurn> hypothesis) {
    Map<String, List<SpeakerTurn>> refByFile = byFile(reference);
    Map<String, List<SpeakerTurn>> hypByFile = byFile(hypothesis);
    TreeSet<String> files = new TreeSet<>(refByFile.keySet());
    files.addAll(hypByFile.keySet());
    DerResult total = new DerResult(0, 0, 0, 0, Map.of());
    for (String file : files) {
      total =
          total.plus(
              scoreFile(
                  refByFile.getOrDefault(file, List.of()),
                  hypByFile.getOrDefault(file, List.of())));
    }
    return total;
  }

  private DerResult scoreFile(List<SpeakerTurn> ref, List<SpeakerTurn> hyp) {
    List<String> refLabels = labels(ref);
    List<String> hypLabels = labels(hyp);
    List<double[]> excluded = collarZones(ref);

    TreeSet<Double> cuts = new TreeSet<>();
    for (SpeakerTurn t : ref) {
      cuts.add(t.start());
      cuts.add(t.end());
    }
    for (SpeakerTurn t : hyp) {
      cuts.add(t.start());
      cuts.add(t.end());
    }
    for (double[] z : excluded) {
      cuts.add(Math.max(0, z[0]));
      cuts.add(z[1]);
    }

    double scored = 0, missed = 0, falseAlarm = 0;
    double[][] matched = new double[refLabels.size()][hypLabels.size()];
    List<Double> points = new ArrayList<>(cuts);
    List<double[]> intervals = new ArrayList<>(); // duration, nRef, nHyp
    for (int i = 0; i + 1 < points.size(); i++) {
      double a = points.get(i), b = points.get(i + 1), mid = (a + b) / 2, d = b - a;
      if (inside(excluded, mid)) {
        continue;
      }
      boolean[] refOn = activeAt(ref, refLabels, mid);
      boolean[] hypOn = activeAt(hyp, hypLabels, mid);
      int nRef = count(refOn), nHyp = count(hypOn);
      scored += d * nRef;
      missed += d * Math.max(0, nRef - nHyp);
      falseAlarm += d * Math.max(0, nHyp - nRef);
      intervals.add(new double[] {d, nRef, nHyp});
      for (int r = 0; r < refOn.length; r++) {
        for (int h = 0; h < hypOn.length; h++) {
          if (refOn[r] && hypOn[h]) {
            matched[r][h] += d;
          }
        }
      }
    }
    int[] hypToRef = SpeakerMapping.maximise(matched, hypLabels.size());
    double correct = 0;
    Map<String, String> mapping = new LinkedHashMap<>();
    for (int h = 0; h < hypToRef.length; h++) {
      if (hypToRef[h] >= 0) {
        correct += matched[hypToRef[h]][h];
        mapping.put(hypLabels.get(h), refLabels.get(hypToRef[h]));
      }
    }
    double paired = 0; // speaker time where both sides talk: min(nRef, nHyp)
    for (double[] iv : intervals) {
      paired += iv[0] * Math.min(iv[1], iv[2]);
    }
    return new DerResult(scored, missed, falseAlarm, paired - correct, mapping);
  }

  private List<double[]> collarZones(List<SpeakerTurn> ref) {
    List<double[]> zones = new ArrayList<>();
    if (collarSeconds == 0) {
      return zones;
    }
    for (SpeakerTurn t : ref) {
      zones.add(new double[] {t.start() - collarSeconds, t.start() + collarSeconds});
      zones.add(new double[] {t.end() - collarSeconds, t.end() + collarSeconds});
    }
    return zones;
  }

  private static boolean inside(List<double[]> zones, double t) {
    for (double[] z : zones) {
      if (t > z[0] && t < z[1]) {
        return true;
      }
    }
    return false;
  }

  private static boolean[] activeAt(List<SpeakerTurn> turns, List<String> labels, double t) {
    boolean[] on = new boolean[labels.size()];
    for (SpeakerTurn turn : turns) {
      if (t > turn.start() && t < turn.end()) {
        on[labels.indexOf(turn.speaker())] = true;
      }
    }
    return on;
  }

  private static int count(boolean[] on) {
    int n = 0;
    for (boolean b : on) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private static List<String> labels(Collection<SpeakerTurn> turns) {
    return new ArrayList<>(new TreeSet<>(turns.stream().map(SpeakerTurn::speaker).toList()));
  }

  private static Map<String, List<SpeakerTurn>> byFile(List<SpeakerTurn> turns) {
    Map<String, List<SpeakerTurn>> map = new TreeMap<>();
    for (SpeakerTurn t : turns) {
      map.computeIfAbsent(t.file(), f -> new ArrayList<>()).add(t);
    }
    return map;
  }
}
