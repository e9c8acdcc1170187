package io.captionflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.launcher.load.Percentiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall clock from a word's end (as spoken into the bridge) to its arrival at a final-only WebSocket
 * client, as a {@code words} message and inside its {@code segment}. A chunk's capture time is the
 * moment its audio was complete, so {@code captureTimeMillis - end of that chunk's audio} is the
 * session's wall-clock origin; pacing only ever delays a chunk, so the smallest such value is it.
 */
final class WordLatency {

  /** The bridge's chunk length in ms: capture times are stamped per 100 ms chunk. */
  static final long CHUNK_MILLIS = 100;

  /**
   * One word: its text and end (audio ms), when the job emitted it as final words and when each
   * kind of message brought it.
   */
  record Arrival(String text, long endMillis, long emittedAt, long wordsAt, long segmentAt) {}

  private WordLatency() {}

  /** The session's wall-clock origin, from every message's capture time and last word. */
  static long origin(List<SubtitleClient.Received> messages) {
    long origin = Long.MAX_VALUE;
    for (SubtitleClient.Received r : messages) {
      JsonNode m = r.message();
      if (m.path("captureTimeMillis").isNumber()) {
        long endMillis = Math.round(m.path("end").asDouble() * 1000);
        long chunkEnd = Math.floorDiv(endMillis + CHUNK_MILLIS - 1, CHUNK_MILLIS) * CHUNK_MILLIS;
        origin = Math.min(origin, m.path("captureTimeMillis").asLong() - chunkEnd);
      }
    }
    return origin;
  }

  static List<Arrival> arrivals(
      List<SubtitleClient.Received> finalWords, List<SubtitleClient.Received> segments) {
    Map<Long, Long> segmentAt = new HashMap<>();
    for (SubtitleClient.Received r : segments) {
      for (JsonNode w : r.message().path("words")) {
        segmentAt.putIfAbsent(Math.round(w.path("end").asDouble() * 1000), r.receivedAtMillis());
      }
    }
    List<Arrival> arrivals = new ArrayList<>();
    for (SubtitleClient.Received r : finalWords) {
      for (JsonNode w : r.message().path("words")) {
        long end = Math.round(w.path("end").asDouble() * 1000);
        arrivals.add(
            new Arrival(
                w.path("text").asText(),
                end,
                r.message().path("emitTimeMillis").asLong(),
                r.receivedAtMillis(),
                segmentAt.getOrDefault(end, -1L)));
      }
    }
    return arrivals;
  }

  static void report(
      PrintWriter out,
      String mode,
      List<SubtitleClient.Received> finalWords,
      List<SubtitleClient.Received> segments) {
    List<SubtitleClient.Received> all = new ArrayList<>(finalWords);
    all.addAll(segments);
    long origin = origin(all);
    if (origin == Long.MAX_VALUE) {
      out.println("word latency: no capture times received");
      return;
    }
    out.println(
        "word          [end]    as words (job)  in segment   (wall clock from the word's end)");
    List<Long> asWords = new ArrayList<>();
    List<Long> inSegment = new ArrayList<>();
    for (Arrival a : arrivals(finalWords, segments)) {
      long spokenAt = origin + a.endMillis();
      long w = a.wordsAt() - spokenAt;
      asWords.add(w);
      String s = a.segmentAt() < 0 ? "-" : (a.segmentAt() - spokenAt) + " ms";
      if (a.segmentAt() >= 0) {
        inSegment.add(a.segmentAt() - spokenAt);
      }
      out.printf(
          "%-12s [%6.2f]  %5d ms (%4d)  %8s%n",
          a.text(), a.endMillis() / 1000.0, w, a.emittedAt() - spokenAt, s);
    }
    if (asWords.isEmpty()) {
      return;
    }
    asWords.sort(null);
    inSegment.sort(null);
    out.printf(
        "word latency (%s, %d words): as words p50 %d ms p95 %d ms; in segment p50 %d ms p95 %d ms%n",
        mode,
        asWords.size(),
        Percentiles.nearestRank(asWords, 50),
        Percentiles.nearestRank(asWords, 95),
        inSegment.isEmpty() ? -1 : Percentiles.nearestRank(inSegment, 50),
        inSegment.isEmpty() ? -1 : Percentiles.nearestRank(inSegment, 95));
  }
}
