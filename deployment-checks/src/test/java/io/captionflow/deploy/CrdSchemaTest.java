package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrdSchemaTest {

  private final CrdSchema flinkDeployment =
      CrdSchema.fromClasspath(FlinkDeploymentTest.CRD_RESOURCE, FlinkDeploymentTest.CRD_VERSION);

  @Test
  void acceptsAMinimalDeployment() {
    assertEquals(
        List.of(),
        flinkDeployment.violations(
            Yaml.parse(
                """
        apiVersion: flink.apache.org/v1beta1
        kind: FlinkDeployment
        metadata: {name: x}
        spec:
          flinkVersion: v1_20
          flinkConfiguration: {taskmanager.numberOfTaskSlots: "2"}
          job: {jarURI: "local:///opt/flink/usrlib/job.jar", upgradeMode: last-state}
        """)));
  }

  @Test
  void reportsUnknownFieldsWrongTypesAndEnums() {
    List<String> violations =
        flinkDeployment.violations(
            Yaml.parse(
                """
        apiVersion: flink.apache.org/v1beta1
        kind: FlinkDeployment
        metadata: {name: x}
        spec:
          flinkVersion: v1_20
          flinkConfiguration: {taskmanager.numberOfTaskSlots: 2}
          job: {jarURI: "local:///job.jar", upgradeMode: sometimes, paralelism: 2}
          podTemplate: {spec: {containers: [{name: c, ports: [{containerPort: "9249"}]}]}}
        """));
    String at = FlinkDeploymentTest.CRD_RESOURCE + "@" + FlinkDeploymentTest.CRD_VERSION + " ";
    assertEquals(
        List.of(
            at
                + "spec.flinkConfiguration.taskmanager.numberOfTaskSlots: expected string, got NUMBER 2",
            at
                + "spec.job.upgradeMode: 'sometimes' is not one of [\"last-state\",\"savepoint\",\"stateless\"]",
            at + "spec.job.paralelism: unknown field",
            at
                + "spec.podTemplate.spec.containers[0].ports[0].containerPort: expected integer, got STRING \"9249\""),
        violations);
  }

  @Test
  void extraEnumValuesApplyOnlyAtTheirPath() {
    String doc =
        """
        apiVersion: flink.apache.org/v1beta1
        kind: FlinkDeployment
        metadata: {name: x}
        spec: {flinkVersion: v2_2}
        """;
    assertEquals(1, flinkDeployment.violations(Yaml.parse(doc)).size());
    assertEquals(
        List.of(),
        flinkDeployment
            .allowingEnumValues("spec.flinkVersion", "v2_2")
            .violations(Yaml.parse(doc)));
  }
}
