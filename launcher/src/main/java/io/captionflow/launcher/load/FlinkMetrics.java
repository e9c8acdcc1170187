package io.captionflow.launcher.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's {@code captionflow} metrics through Flink's REST API (a local MiniCluster's or a
 * cluster's). Flink flattens a histogram into {@code <name>_min, _max, _mean, _median, _stddev,
 * _p75, _p90, _p95, _p98, _p99, _p999} over the histogram's window; counters and gauges keep their
 * name. With several subtasks: counters add up, {@code _max} and the percentiles take the largest
 * subtask's (an upper bound), {@code _mean} the subtasks' average.
 */
final class FlinkMetrics {

  static final String GROUP = "captionflow";
  static final Duration DEFAULT_FETCH_INTERVAL = Duration.ofSeconds(10);

  private final URI rest;
  private final String jobId;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  FlinkMetrics(URI rest, String jobId) {
    this.rest = rest;
    this.jobId = jobId;
  }

  /**
   * The named metrics of the {@code captionflow} group (e.g. {@code decodeBatch_mean}, {@code
   * stateBytesWritten}); a name the job does not expose is absent from the map.
   */
  Map<String, Double> read(Collection<String> names) throws IOException, InterruptedException {
    Map<String, List<Double>> values = new HashMap<>();
    for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
      String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
      List<String> wanted = new ArrayList<>();
      for (JsonNode m : get(path)) {
        String id = m.path("id").asText();
        if (names.contains(nameOf(id))) {
          wanted.add(id);
        }
      }
      if (wanted.isEmpty()) {
        continue;
      }
      String query = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
      for (JsonNode m : get(path + "?get=" + query)) {
        String value = m.path("value").asText();
        try {
          values
              .computeIfAbsent(nameOf(m.path("id").asText()), n -> new ArrayList<>())
              .add(Double.parseDouble(value));
        } catch (NumberFormatException notANumber) {
          // a histogram with no values yet reports NaN-like text: treated as absent
        }
      }
    }
    Map<String, Double> combined = new HashMap<>();
    values.forEach((name, perSubtask) -> combined.put(name, combine(name, perSubtask)));
    return combined;
  }

  /**
   * How often the REST endpoint refreshes its metrics ({@code metrics.fetcher.update-interval},
   * Flink's default 10 s): a value read sooner after a change may be older.
   */
  Duration fetchInterval() throws IOException, InterruptedException {
    for (JsonNode entry : get("/jobmanager/config")) {
      if (entry.path("key").asText().equals("metrics.fetcher.update-interval")) {
        return parseDuration(entry.path("value").asText());
      }
    }
    return DEFAULT_FETCH_INTERVAL;
  }

  /** "10000" (ms), "10 s", "500 ms", "PT1S". */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("pt")) {
      return Duration.parse(t);
    }
    String digits = t.replaceAll("[^0-9].*$", "");
    long n = Long.parseLong(digits);
    String unit = t.substring(digits.length()).trim();
    return switch (unit) {
      case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(n);
      case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
      case "min", "m", "minute", "minutes" -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("unreadable duration '" + text + "'");
    };
  }

  /**
   * "0.transcribe_sessions.captionflow.decodeBatch_mean" → "decodeBatch_mean"; ids outside the
   * group → "".
   */
  static String nameOf(String metricId) {
    int at = metricId.lastIndexOf("." + GROUP + ".");
    return at < 0 ? "" : metricId.substring(at + GROUP.length() + 2);
  }

  static double combine(String name, List<Double> perSubtask) {
    if (name.endsWith("_mean")) {
      return perSubtask.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
    if (name.endsWith("_min")) {
      return perSubtask.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
    if (name.matches(".*_(max|median|stddev|p\\d+)$")) {
      return perSubtask.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
    return perSubtask.stream().mapToDouble(Double::doubleValue).sum();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Flink REST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }
}
