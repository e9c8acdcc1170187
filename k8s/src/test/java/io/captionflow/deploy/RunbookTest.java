package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/runbook.md covers the operations the deployment promises, with commands that match the
 * files.
 */
class RunbookTest {

  private final String runbook = Repo.read("docs/runbook.md");

  @ParameterizedTest
  @ValueSource(strings = {"flink-job", "subtitle-sink", "ingest-bridge"})
  void saysHowToBuildEachImageFromItsDockerfile(String image) {
    Repo.file("docker/" + image + "/Dockerfile");
    assertTrue(
        runbook.contains(
            "docker build -f docker/"
                + image
                + "/Dockerfile -t captionflow/"
                + image
                + ":$VERSION"),
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
