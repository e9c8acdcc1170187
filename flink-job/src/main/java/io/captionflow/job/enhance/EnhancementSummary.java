package io.captionflow.job.enhance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.transcript.WordAlignment;
import java.util.List;
import java.util.Locale;

/**
 * What an enhancement produced, as the segments topic now holds it: the run's enhanced transcript
 * (words, segments, audio), how long it took, and how far the live final words were from it.
 *
 * @param live live final words aligned against the enhanced words (reference = enhanced)
 */
public record EnhancementSummary(
    String sessionId,
    long run,
    int words,
    int segments,
    double audioSeconds,
    double wallSeconds,
    int attempts,
    int liveWords,
    WordAlignment live) {

  /** From the run's enhanced transcript and live finals on the topic. */
  static EnhancementSummary of(
      SessionLedger ledger, long run, double audioSeconds, double wallSeconds, int attempts) {
    List<EnhancedSegment> enhanced = ledger.enhancedTranscript(run);
    List<String> enhancedWords =
        enhanced.stream().flatMap(s -> s.getWords().stream()).map(w -> w.getText()).toList();
    List<String> liveWords = ledger.liveFinalWords(run);
    return new EnhancementSummary(
        ledger.sessionId(),
        run,
        enhancedWords.size(),
        enhanced.size(),
        audioSeconds,
        wallSeconds,
        attempts,
        liveWords.size(),
        WordAlignment.of(enhancedWords, liveWords));
  }

  public String line() {
    return String.format(
        Locale.ROOT,
        "session %s run %d enhanced: %d words in %d segments, %.1f s of audio, %.1f s wall (%.1fx"
            + " real time%s); live vs enhanced: %d live words, %d substituted, %d inserted, %d"
            + " deleted (%.1f %% of the enhanced words)",
        sessionId,
        run,
        words,
        segments,
        audioSeconds,
        wallSeconds,
        wallSeconds > 0 ? audioSeconds / wallSeconds : 0,
        attempts > 1 ? ", " + attempts + " attempts" : "",
        liveWords,
        live.substitutions(),
        live.insertions(),
        live.deletions(),
        100 * live.errorRate());
  }

  public String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("sessionId", sessionId);
    o.put("run", run);
    o.put("words", words);
    o.put("segments", segments);
    o.put("audioSeconds", round(audioSeconds));
    o.put("wallSeconds", round(wallSeconds));
    o.put("attempts", attempts);
    ObjectNode l = o.putObject("liveVsEnhanced");
    l.put("liveWords", liveWords);
    l.put("enhancedWords", live.referenceWords());
    l.put("substitutions", live.substitutions());
    l.put("insertions", live.insertions());
    l.put("deletions", live.deletions());
    l.put("errorRate", Math.round(live.errorRate() * 10_000) / 10_000.0);
    return o.toString();
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
