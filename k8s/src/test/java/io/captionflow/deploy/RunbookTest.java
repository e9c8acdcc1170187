package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/runbook.md covers the operations the deployment promises, with commands that match the
 * files.
 */
class RunbookTest {

  private final String runbook = Repo.read("docs/runbook.md");

  @ParameterizedTest
  @CsvSource({
    "flink-job, docker/flink-job/Dockerfile",
    "subtitle-sink, docker/edge/Dockerfile",
    "ingest-bridge, docker/edge/Dockerfile"
  })
  void saysHowToBuildEachImageFromItsDockerfile(String image, String dockerfile) {
    Repo.file(dockerfile);
    assertTrue(
        runbook
            .lines()
            .anyMatch(
                line ->
                    line.startsWith("docker build -f " + dockerfile + " ")
                        && line.endsWith(" -t captionflow/" + image + ":$VERSION .")),
        "runbook must show the build command for " + image);
  }

  @Test
  void buildsTheCudaVariantWithTheBuildArgTheDockerfileReads() {
    assertTrue(runbook.contains("--build-arg VARIANT=cuda -t captionflow/flink-job:$VERSION-cuda"));
    assertTrue(Repo.read(DockerfileTest.FLINK).contains("FROM runtime-${VARIANT}"));
  }

  @Test
  void coversTheDayTwoOperations() {
    for (String section :
        List.of(
            "## Scale task managers",
            "## Take a savepoint and upgrade the job",
            "## Replay a session",
            "## Rotate tokens",
            "## Read backpressure in the dashboard",
            "## Alerts")) {
      assertTrue(runbook.contains("\n" + section + "\n"), "runbook section " + section);
    }
    assertTrue(runbook.contains("./captionflow replay --session ID"));
    assertTrue(
        runbook.contains("savepointTriggerNonce") && runbook.contains("upgradeMode: savepoint"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"subtitle-sink", "ingest-bridge"})
  void healthSectionExplainsThePathsTheProbesUse(String app) {
    Container c =
        Manifests.one(Manifests.base(), "Deployment", app)
            .as(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    String section = runbook.substring(runbook.indexOf("\n## Health checks\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    assertTrue(
        section.contains("| `" + c.getReadinessProbe().getHttpGet().getPath() + "` | readiness"),
        app);
    assertTrue(
        section.contains("| `" + c.getLivenessProbe().getHttpGet().getPath() + "` | liveness"),
        app);
  }

  /** The failures `captionflow chaos` injects (issue #14), and overload. */
  static final List<String> FAILURE_SCENARIOS =
      List.of(
          "kill-taskmanager",
          "kill-jobmanager",
          "restart-broker",
          "kill-sink",
          "kill-bridge",
          "overload and lag");

  private static final Pattern ALERT_NAME = Pattern.compile("`(CaptionFlow[A-Za-z]+)`");

  /** The text of `### heading` up to the next heading. */
  private String subsection(String heading) {
    int start = runbook.indexOf("\n### " + heading + "\n");
    assertTrue(start >= 0, "runbook has `### " + heading + "`");
    int end = runbook.indexOf("\n#", start + 1);
    return runbook.substring(start, end < 0 ? runbook.length() : end);
  }

  @Test
  void everyFailureScenarioSaysSymptomAlertAndWhatToDoNamingAlertsThatExist() {
    assertTrue(runbook.contains("\n## Failure scenarios\n"));
    Set<String> alerts = new TreeSet<>();
    MonitoringTest.alertNames().forEach(alerts::add);
    for (String scenario : FAILURE_SCENARIOS) {
      String text = subsection(scenario);
      for (String part : List.of("**Symptom.**", "**Alert.**", "**What to do.**")) {
        assertTrue(text.contains(part), scenario + " says " + part);
      }
      String alertLine = text.substring(text.indexOf("**Alert.**"));
      alertLine = alertLine.substring(0, alertLine.indexOf("\n- "));
      Matcher named = ALERT_NAME.matcher(alertLine);
      int count = 0;
      while (named.find()) {
        count++;
        assertTrue(alerts.contains(named.group(1)), scenario + ": no alert " + named.group(1));
      }
      assertTrue(count >= 1, scenario + " names its alert");
    }
  }

  @Test
  void statesTheBrokerOutageTheBridgeBufferSurvivesFromTheBridgeDefaults() {
    String config =
        Repo.read("ingest-bridge/src/main/java/io/captionflow/ingest/BridgeConfig.java");
    long chunks = constant(config, "DEFAULT_BUFFER_CHUNKS");
    long chunkMillis = constant(config, "DEFAULT_CHUNK_MILLIS");
    long seconds = chunks * chunkMillis / 1000;
    String outage = "**" + seconds + " s of audio for one room**";
    assertTrue(subsection("restart-broker").contains(outage), "runbook states " + outage);
    assertTrue(
        Repo.read("ingest-bridge/README.md").contains(seconds + " s of audio for one room"),
        "the bridge README states it too");
    // 16 kHz PCM16 is 32 kB/s per room: the buffer's bytes at that rate.
    long bytes = chunks * chunkMillis * 32;
    assertTrue(
        subsection("restart-broker").contains(String.format("%.2f MB", bytes / 1e6)),
        "runbook states the buffer in MB");
  }

  private static long constant(String source, String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*([0-9_]+)\\s*;").matcher(source);
    assertTrue(m.find(), "BridgeConfig defines " + name);
    return Long.parseLong(m.group(1).replace("_", ""));
  }

  @Test
  void backpressureAdviceNamesADashboardPanelThatExists() {
    String dashboard = Repo.read("monitoring/grafana/dashboards/captionflow.json");
    for (String panel :
        List.of("Backpressure and busy time", "Inference time per call", "Active sessions")) {
      assertTrue(runbook.contains("\"" + panel + "\""), "runbook refers to panel " + panel);
      assertTrue(
          dashboard.contains("\"title\": \"" + panel + "\""), "dashboard has panel " + panel);
    }
  }
}
