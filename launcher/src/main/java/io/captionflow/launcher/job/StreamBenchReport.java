package io.captionflow.launcher.job;

import io.captionflow.launcher.job.StreamBenchSession.Result;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code stream-bench}'s output: the table for people, one JSON object per row for scripts. */
final class StreamBenchReport {

  private StreamBenchReport() {}

  private static String triple(long[] p) {
    return p[0] + "/" + p[1] + "/" + p[2];
  }

  static void print(PrintStream out, double audioSeconds, List<Result> results) {
    out.printf(
        Locale.ROOT,
        "audio %.1f s. Latency in audio ms from a word's end: 'confirmed' = until the decode that"
            + " confirms it (visible in partials), 'spoken' = the same from the word's end in the"
            + " generated audio, 'segment' = until the final segment holding it is emitted.%n",
        audioSeconds);
    out.printf(
        Locale.ROOT,
        "%-20s %2s %6s %20s %20s %20s %9s %10s %11s %14s %18s%n",
        "mode",
        "k",
        "words",
        "confirmed p50/95/99",
        "spoken p50/95/99",
        "segment p50/95/99",
        "encoder",
        "compute",
        "state",
        "diarization",
        "revised/forced/dropped");
    for (Result r : results) {
      out.printf(
          Locale.ROOT,
          "%-20s %2d %6d %20s %20s %20s %8.1fx %9.3fx %11s %14s %18s%n",
          r.mode().id(),
          r.agreement(),
          r.words(),
          triple(r.confirm()),
          r.confirmFromSpokenEnd() == null ? "-" : triple(r.confirmFromSpokenEnd()),
          triple(r.emitted()),
          r.encoderFactor(),
          r.computePerAudioSecond(),
          r.maxStateBytes() + " B",
          Double.isNaN(r.diarizationMillisPerAudioSecond())
              ? "-"
              : String.format(Locale.ROOT, "%.1f ms/s", r.diarizationMillisPerAudioSecond()),
          r.churn().wordsRevised()
              + "/"
              + r.churn().wordsForcedOut()
              + "/"
              + r.churn().wordsDroppedAtEdge());
    }
  }

  /** One result as a JSON object (machine-readable, for scripts comparing runs). */
  static String toJson(double audioSeconds, Result r) {
    return String.format(
        Locale.ROOT,
        "{\"mode\":\"%s\",\"agreement\":%d,\"audioSeconds\":%.3f,\"words\":%d,"
            + "\"confirmedMs\":{\"p50\":%d,\"p95\":%d,\"p99\":%d},"
            + "\"confirmedFromSpokenEndMs\":%s,"
            + "\"segmentMs\":{\"p50\":%d,\"p95\":%d,\"p99\":%d},"
            + "\"encoderFactor\":%.3f,\"computePerAudioSecond\":%.4f,\"stateBytes\":%d,"
            + "\"stateBytesPerAudioSecond\":%.0f,"
            + "\"wordsRevised\":%d,\"wordsForcedOut\":%d,\"wordsDroppedAtEdge\":%d}",
        r.mode().id(),
        r.agreement(),
        audioSeconds,
        r.words(),
        r.confirm()[0],
        r.confirm()[1],
        r.confirm()[2],
        r.confirmFromSpokenEnd() == null
            ? "null"
            : String.format(
                Locale.ROOT,
                "{\"p50\":%d,\"p95\":%d,\"p99\":%d}",
                r.confirmFromSpokenEnd()[0],
                r.confirmFromSpokenEnd()[1],
                r.confirmFromSpokenEnd()[2]),
        r.emitted()[0],
        r.emitted()[1],
        r.emitted()[2],
        r.encoderFactor(),
        r.computePerAudioSecond(),
        r.maxStateBytes(),
        r.stateBytesPerAudioSecond(),
        r.churn().wordsRevised(),
        r.churn().wordsForcedOut(),
        r.churn().wordsDroppedAtEdge());
  }
}
