package io.captionflow.launcher.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.asr.TimedWord;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.schema.SessionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON object a {@link LoadRun} ends with: which sessions kept up and were exact, latencies,
 * the pipeline's tax over the recognizer, and the job's metrics. See the README's "Load" section
 * for every field.
 */
final class LoadReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoadRun.Settings settings;

  LoadReport(LoadRun.Settings settings) {
    this.settings = settings;
  }

  /** The report of a run that fed for {@code fedForMillis}, with the job's metrics around it. */
  ObjectNode of(
      LoadSpeech speech,
      LatencyMode mode,
      SessionFeeder feeder,
      TranscriptTally tally,
      long fedForMillis,
      Map<String, Double> before,
      Map<String, Double> after) {
    int n = settings.sessions();
    int lastChunk = feeder.chunksPerSession() - 1;
    int realtime = 0;
    int exact = 0;
    int ended = 0;
    long confirmed = 0;
    long stray = 0;
    long segments = 0;
    List<Long> endLatencies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TranscriptTally.Received r = tally.received(i);
      confirmed += r.confirmed.size();
      stray += r.strayWords;
      segments += r.finalSegments;
      long endLatency = r.endedAt < 0 ? -1 : r.endedAt - feeder.captureMillis(i, lastChunk);
      if (r.endedAt >= 0) {
        ended++;
        endLatencies.add(endLatency);
      }
      boolean fedInTime = feeder.maxLagMillis(i) <= settings.feedSlack().toMillis();
      if (fedInTime && r.endedAt >= 0 && endLatency <= settings.endWithin().toMillis()) {
        realtime++;
      }
      if (r.endState == SessionState.ENDED
          && sameWords(speech.words(), r.confirmed)
          && sameWords(speech.words(), r.inSegments)
          && r.finalSegments == speech.phrases()) {
        exact++;
      }
    }
    endLatencies.sort(null);
    List<Long> latencies = tally.latencies();
    Double recognizerMs = after.get("inferenceMillis_mean");

    ObjectNode out = JSON.createObjectNode();
    out.put("sessions", n);
    out.put("realtime", realtime == n);
    out.put(
        "realtimeRule",
        "every chunk sent within "
            + settings.feedSlack().toMillis()
            + " ms of its capture and the session's end on the output topic within "
            + settings.endWithin().toMillis()
            + " ms of its last chunk's capture");
    out.put("sessionsRealtime", realtime);
    out.put("recognizer", settings.recognizer().id());
    out.put("mode", mode.id());
    out.put("seconds", settings.seconds());
    long chunks = feeder.chunksSent();
    out.put("chunks", chunks);
    out.put("chunksPerSecond", round1(chunks * 1000.0 / Math.max(1, fedForMillis)));
    out.put("feedLagMsMax", feeder.maxLagMillis());
    out.put("latencySamples", latencies.size());
    ObjectNode latency = out.putObject("latencyMs");
    ObjectNode tax = out.putObject("pipelineTaxMs");
    for (int p : new int[] {50, 95, 99}) {
      Long value = latencies.isEmpty() ? null : Percentiles.nearestRank(latencies, p);
      latency.put("p" + p, value);
      tax.put("p" + p, value == null || recognizerMs == null ? null : round1(value - recognizerMs));
    }
    latency.put("max", latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
    out.put("recognizerMsPerCall", recognizerMs == null ? null : round1(recognizerMs));
    ObjectNode batch = out.putObject("decodeBatch");
    batch.put("mean", rounded(after.get("decodeBatch_mean")));
    batch.put("max", rounded(after.get("decodeBatch_max")));
    ObjectNode wait = out.putObject("decodeWaitMs");
    wait.put("p50", rounded(after.get("decodeWaitMillis_median")));
    wait.put("p99", rounded(after.get("decodeWaitMillis_p99")));
    Double written = after.get("stateBytesWritten");
    Double writtenBefore = before.get("stateBytesWritten");
    out.put(
        "stateBytesWrittenPerAudioSecond",
        written == null || writtenBefore == null
            ? null
            : round1((written - writtenBefore) / (n * speech.seconds())));
    ObjectNode end = out.putObject("endLatencyMs");
    end.put("p50", endLatencies.isEmpty() ? null : Percentiles.nearestRank(endLatencies, 50));
    end.put("p99", endLatencies.isEmpty() ? null : Percentiles.nearestRank(endLatencies, 99));
    end.put("max", endLatencies.isEmpty() ? null : endLatencies.get(endLatencies.size() - 1));
    out.put("sessionsEnded", ended);
    out.put("sessionsExact", exact);
    ObjectNode words = out.putObject("words");
    words.put("expected", (long) n * speech.words().size());
    words.put("confirmed", confirmed);
    words.put("stray", stray);
    ObjectNode segs = out.putObject("segments");
    segs.put("expected", (long) n * speech.phrases());
    segs.put("received", segments);
    out.put("loadAverage", loadAverage());
    return out;
  }

  /** Same words with the same times (to the microsecond); confidence is not compared. */
  static boolean sameWords(List<TimedWord> expected, List<TimedWord> got) {
    if (expected.size() != got.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      TimedWord e = expected.get(i);
      TimedWord g = got.get(i);
      if (!e.text().equals(g.text())
          || Math.abs(e.startSeconds() - g.startSeconds()) > 1e-6
          || Math.abs(e.endSeconds() - g.endSeconds()) > 1e-6) {
        return false;
      }
    }
    return true;
  }

  private static Double rounded(Double value) {
    return value == null ? null : round1(value);
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
