package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Grafana dashboard, Prometheus alert rules and scrape configs, and the runbook's alert sections.
 */
class MonitoringTest {

  /** The job's metric group `captionflow` (operator scope) in Flink's Prometheus naming. */
  static final String JOB_PREFIX = "flink_taskmanager_job_task_operator_captionflow_";

  static final Set<String> JOB_METRICS =
      Set.of(
          "activeSessions",
          "inferenceMillis",
          "audioToEmitLagMillis",
          "confirmedSegmentLatencyMillis",
          "chunksDuplicate",
          "chunksReordered",
          "chunksGapFilled",
          "deadLetters");

  /** Flink's own metrics the dashboard and alerts may read, by their Prometheus names. */
  static final Set<String> FLINK_BUILT_INS =
      Set.of(
          "flink_jobmanager_numRunningJobs", "flink_jobmanager_job_numRestarts",
          "flink_jobmanager_job_numberOfFailedCheckpoints",
              "flink_jobmanager_job_lastCheckpointDuration",
          "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
              "flink_taskmanager_job_task_busyTimeMsPerSecond",
          "flink_jobmanager_numRegisteredTaskManagers",
              "flink_taskmanager_job_task_operator_pendingRecords");

  /** Prometheus' own series per target: 1 while it answers the scrape. */
  static final String UP = "up";

  /** The files that write the sink's and the bridge's /metrics pages. */
  static final List<String> EDGE_METRIC_SOURCES =
      List.of(
          "subtitle-sink/src/main/java/io/captionflow/sink/http/MetricsHandler.java",
          "ingest-bridge/src/main/java/io/captionflow/ingest/websocket/MetricsHandler.java",
          "ingest-bridge/src/main/java/io/captionflow/ingest/metrics/IngestCounters.java");

  static final String GUARD_SOURCE =
      "edge-server/src/main/java/io/captionflow/edge/guard/ConnectionGuard.java";

  /** Metric names, not label names (followed by a matcher) nor parts of longer words. */
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:(?:flink|captionflow)_[A-Za-z0-9_]+|up)\\b(?!\\s*(?:=|!=|=~|!~))");

  private static final Pattern EDGE_NAME = Pattern.compile("\"(captionflow_[a-z_]+)\"");
  private static final Pattern GUARD_PREFIX =
      Pattern.compile("writeMetrics\\(out, \"([a-z_]+)\"\\)");
  private static final Pattern GUARD_SUFFIX = Pattern.compile("prefix \\+ \"(_[a-z_]+)\"");

  /**
   * What the sink and the bridge export, read from their sources (a histogram's name also as
   * _bucket, _sum and _count), and the connection guard's counters under each edge's prefix.
   */
  static Set<String> edgeMetrics() {
    Set<String> names = new TreeSet<>();
    Set<String> prefixes = new TreeSet<>();
    for (String source : EDGE_METRIC_SOURCES) {
      String text = Repo.read(source);
      Matcher m = EDGE_NAME.matcher(text);
      while (m.find()) {
        for (String suffix : List.of("", "_bucket", "_sum", "_count")) {
          names.add(m.group(1) + suffix);
        }
      }
      Matcher p = GUARD_PREFIX.matcher(text);
      while (p.find()) {
        prefixes.add(p.group(1));
      }
    }
    Matcher suffix = GUARD_SUFFIX.matcher(Repo.read(GUARD_SOURCE));
    while (suffix.find()) {
      for (String prefix : prefixes) {
        names.add(prefix + suffix.group(1));
      }
    }
    return names;
  }

  static Set<String> allowedMetrics() {
    Set<String> allowed =
        JOB_METRICS.stream()
            .map(m -> JOB_PREFIX + m)
            .collect(Collectors.toCollection(TreeSet::new));
    allowed.addAll(FLINK_BUILT_INS);
    allowed.addAll(edgeMetrics());
    allowed.add(UP);
    return allowed;
  }

  static Set<String> metricsIn(String promQl) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = METRIC.matcher(promQl);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  private static JsonNode dashboard() throws IOException {
    return new ObjectMapper()
        .readTree(Repo.file("monitoring/grafana/dashboards/captionflow.json").toFile());
  }

  private static List<String> dashboardQueries() throws IOException {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
      }
    }
    return exprs;
  }

  private static JsonNode alertRules() {
    return Yaml.single(Repo.file("monitoring/alerts.yml")).path("groups").get(0).path("rules");
  }

  @Test
  void dashboardQueriesOnlyTheJobsMetricsAndNamedFlinkBuiltIns() throws IOException {
    List<String> queries = dashboardQueries();
    assertTrue(
        queries.size() >= 8,
        "panels for sessions, lag, latency, inference, dead letters, chunks, backpressure");
    Set<String> used = new TreeSet<>();
    for (String q : queries) {
      Set<String> names = metricsIn(q);
      assertFalse(names.isEmpty(), "query reads no Flink metric: " + q);
      used.addAll(names);
    }
    Set<String> unknown = new TreeSet<>(used);
    unknown.removeAll(allowedMetrics());
    assertEquals(Set.of(), unknown, "metrics no CaptionFlow job or Flink exports");
    Set<String> missing =
        JOB_METRICS.stream()
            .map(m -> JOB_PREFIX + m)
            .filter(m -> !used.contains(m))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), missing, "every job metric has a panel");
  }

  @Test
  void dashboardUsesTheProvisionedDatasource() throws IOException {
    String uid =
        Yaml.single(Repo.file("monitoring/grafana/provisioning/datasources/prometheus.yml"))
            .path("datasources")
            .get(0)
            .path("uid")
            .asText();
    for (JsonNode panel : dashboard().path("panels")) {
      assertEquals(
          uid, panel.path("datasource").path("uid").asText(), panel.path("title").asText());
    }
  }

  @Test
  void alertRulesReadOnlyKnownMetricsAndSaySomething() {
    JsonNode rules = alertRules();
    assertTrue(rules.size() >= 5);
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      assertTrue(name.startsWith("CaptionFlow"), name);
      Set<String> unknown = new TreeSet<>(metricsIn(rule.path("expr").asText()));
      assertFalse(unknown.isEmpty(), name + " reads no metric");
      unknown.removeAll(allowedMetrics());
      assertEquals(Set.of(), unknown, name);
      assertTrue(
          Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText()),
          name);
      assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name);
    }
  }

  /** `### Name` headings in the runbook's "## Alerts" section. */
  static Set<String> runbookAlerts() {
    String runbook = Repo.read("docs/runbook.md");
    int start = runbook.indexOf("\n## Alerts");
    assertTrue(start >= 0, "runbook has an Alerts section");
    int end = runbook.indexOf("\n## ", start + 1);
    String section = runbook.substring(start, end < 0 ? runbook.length() : end);
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^### (\\S+)\\s*$").matcher(section);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The alert names in monitoring/alerts.yml. */
  static List<String> alertNames() {
    List<String> names = new ArrayList<>();
    alertRules().forEach(r -> names.add(r.path("alert").asText()));
    return names;
  }

  @Test
  void everyAlertHasARunbookSectionAndEverySectionAnAlert() {
    Set<String> alerts = new TreeSet<>();
    alertRules().forEach(r -> alerts.add(r.path("alert").asText()));
    assertEquals(alerts, runbookAlerts());
  }

  @Test
  void composePrometheusScrapesEveryFlinkProcessAndLoadsTheRules() {
    JsonNode config = Yaml.single(Repo.file("monitoring/prometheus.yml"));
    JsonNode compose = Yaml.single(Repo.file(ComposeFileTest.COMPOSE));
    String mounts = compose.path("services").path("prometheus").path("volumes").toString();
    assertTrue(
        mounts.contains("./monitoring/alerts.yml:" + config.path("rule_files").get(0).asText()));
    String scrape = config.path("scrape_configs").toString();
    assertTrue(scrape.contains("jobmanager:9249"), "job manager reporter");
    assertTrue(
        scrape.contains("\"names\":[\"taskmanager\"]") && scrape.contains("\"port\":9249"),
        "every task manager replica through DNS");
  }

  @Test
  void theEdgesMetricsAreReadFromTheirSources() {
    Set<String> edge = edgeMetrics();
    for (String name :
        List.of(
            "captionflow_sink_kafka_reachable",
            "captionflow_bridge_buffered_records",
            "captionflow_bridge_buffer_capacity_records",
            "captionflow_sink_refused_connections_total",
            "captionflow_bridge_refused_connections_total")) {
      assertTrue(edge.contains(name), name + " in " + edge);
    }
  }

  @Test
  void labelNamesAreNoMetrics() {
    assertEquals(
        Set.of("up", "flink_jobmanager_numRunningJobs"),
        metricsIn(
            "absent(up{flink_component=\"jobmanager\"} == 1) or flink_jobmanager_numRunningJobs"));
  }

  @Test
  void bothPrometheusConfigsLabelTargetsAsTheAlertsSelectThem() {
    String rules = Repo.read("monitoring/alerts.yml");
    JsonNode compose = Yaml.single(Repo.file("monitoring/prometheus.yml"));
    String k8s = Yaml.single(Repo.file("monitoring/prometheus-kubernetes.yml")).toString();
    Matcher selector = Pattern.compile("up\\{(\\w+)=\"([\\w-]+)\"\\}").matcher(rules);
    int selectors = 0;
    while (selector.find()) {
      selectors++;
      String label = selector.group(1);
      String value = selector.group(2);
      assertTrue(
          compose.path("scrape_configs").toString().contains("\"" + label + "\":\"" + value + "\"")
              || compose
                  .path("scrape_configs")
                  .toString()
                  .contains("\"target_label\":\"" + label + "\",\"replacement\":\"" + value + "\""),
          "compose Prometheus labels a target " + label + "=" + value);
      assertTrue(
          k8s.contains("\"target_label\":\"" + label + "\""), "Kubernetes relabels into " + label);
    }
    assertTrue(selectors >= 3, "the job manager, the sink and the bridge are watched by `up`");
    for (String app : List.of("subtitle-sink", "ingest-bridge")) {
      var template =
          Manifests.one(Manifests.base(), "Deployment", app)
              .node()
              .path("spec")
              .path("template")
              .path("metadata");
      assertEquals("true", template.path("annotations").path("prometheus.io/scrape").asText(), app);
      assertEquals(app, template.path("labels").path("app.kubernetes.io/name").asText(), app);
    }
  }

  @Test
  void kubernetesPrometheusKeepsThePodsTheFlinkDeploymentAnnotates() {
    JsonNode config = Yaml.single(Repo.file("monitoring/prometheus-kubernetes.yml"));
    JsonNode job = config.path("scrape_configs").get(0);
    assertEquals("pod", job.path("kubernetes_sd_configs").get(0).path("role").asText());
    assertTrue(job.path("kubernetes_sd_configs").toString().contains(Manifests.NAMESPACE));
    String relabel = job.path("relabel_configs").toString();
    // Prometheus turns annotation prometheus.io/scrape into label
    // ..._annotation_prometheus_io_scrape.
    assertTrue(relabel.contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape"));
    assertTrue(relabel.contains("__meta_kubernetes_pod_annotation_prometheus_io_port"));
    for (String variant : List.of(FlinkDeploymentTest.GPU, FlinkDeploymentTest.CPU)) {
      JsonNode annotations =
          Yaml.single(Manifests.variant(variant))
              .path("spec")
              .path("podTemplate")
              .path("metadata")
              .path("annotations");
      assertEquals("true", annotations.path("prometheus.io/scrape").asText(), variant);
    }
  }
}
