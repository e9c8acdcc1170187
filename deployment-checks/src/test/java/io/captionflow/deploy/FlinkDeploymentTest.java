package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two FlinkDeployment variants. The operator's typed API on Maven Central (1.10.0) stops at
 * Flink 1.20, so the resources are validated against the CRD schema shipped in that jar, with one
 * documented exception: the spec.flinkVersion value for our Flink (v2_2), which newer operator
 * releases list.
 */
class FlinkDeploymentTest {

  static final String CRD_RESOURCE = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
  static final String CRD_VERSION = "v1beta1";
  static final String GPU = "captionflow-gpu.yaml";
  static final String CPU = "captionflow-cpu.yaml";
  static final String AVRO_TRUST = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.captionflow.schema";
  static final String MAIN_CONTAINER = "flink-main-container";

  private static JsonNode deployment(String file) {
    return Yaml.single(Manifests.variant(file));
  }

  private static Map<String, String> config(JsonNode d) {
    @SuppressWarnings("unchecked")
    Map<String, String> config =
        Yaml.MAPPER.convertValue(d.path("spec").path("flinkConfiguration"), Map.class);
    return config;
  }

  /** Flink's version as the operator spells it: 2.2.1 → v2_2. */
  static String operatorFlinkVersion() {
    String[] parts = Repo.property("flink.version").split("\\.");
    return "v" + parts[0] + "_" + parts[1];
  }

  private static Pod podTemplate(JsonNode node) {
    Pod pod = Yaml.bind(node, Pod.class);
    assertEquals(List.of(), UnknownFields.in(pod), "pod template fields");
    return pod;
  }

  private static Container mainContainer(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(MAIN_CONTAINER))
        .findFirst()
        .orElseThrow(() -> new AssertionError("pod template needs container " + MAIN_CONTAINER));
  }

  private static Map<String, EnvVar> env(JsonNode d) {
    return AppManifestsTest.env(mainContainer(podTemplate(d.path("spec").path("podTemplate"))));
  }

  /** The pod template shared by job and task managers of a variant. */
  static Pod podTemplate(String variant) {
    return podTemplate(deployment(variant).path("spec").path("podTemplate"));
  }

  static Container mainContainer(String variant) {
    return mainContainer(podTemplate(variant));
  }

  static Map<String, EnvVar> mainEnv(String variant) {
    return env(deployment(variant));
  }

  @ParameterizedTest
  @ValueSource(strings = {GPU, CPU})
  void conformsToTheOperatorCrdSchema(String file) {
    JsonNode d = deployment(file);
    assertEquals(operatorFlinkVersion(), d.path("spec").path("flinkVersion").asText());
    CrdSchema schema =
        CrdSchema.fromClasspath(CRD_RESOURCE, CRD_VERSION)
            .allowingEnumValues("spec.flinkVersion", operatorFlinkVersion());
    assertEquals(List.of(), schema.violations(d));
  }

  @ParameterizedTest
  @ValueSource(strings = {GPU, CPU})
  void runsTheJobJarFromTheImageInApplicationMode(String file) {
    JsonNode d = deployment(file);
    String tag = Repo.version() + (file.equals(GPU) ? "-cuda" : "");
    assertEquals("captionflow/flink-job:" + tag, d.path("spec").path("image").asText());
    JsonNode job = d.path("spec").path("job");
    assertEquals(
        "local:///opt/flink/usrlib/flink-job-" + Repo.version() + "-job.jar",
        job.path("jarURI").asText());
    assertEquals("io.captionflow.job.CaptionFlowJob", job.path("entryClass").asText());
    assertEquals("last-state", job.path("upgradeMode").asText());
    assertEquals("running", job.path("state").asText());
    assertEquals("native", d.path("spec").path("mode").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {GPU, CPU})
  void checkpointsIncrementallyWithRocksDbToDurableStorageWithHa(String file) {
    Map<String, String> c = config(deployment(file));
    assertEquals("rocksdb", c.get("state.backend.type"));
    assertEquals("true", c.get("execution.checkpointing.incremental"));
    assertTrue(c.get("execution.checkpointing.dir").startsWith("s3://"), "checkpoints on S3");
    assertTrue(
        c.get("execution.checkpointing.savepoint-dir").startsWith("s3://"), "savepoints on S3");
    assertEquals(
        "kubernetes", c.get("high-availability.type"), "last-state upgrades need HA metadata");
    assertTrue(c.get("high-availability.storageDir").startsWith("s3://"));
    assertEquals(
        "RETAIN_ON_CANCELLATION",
        c.get("execution.checkpointing.externalized-checkpoint-retention"));
  }

  @ParameterizedTest
  @ValueSource(strings = {GPU, CPU})
  void exportsPrometheusMetricsAndTrustsTheAvroContracts(String file) {
    JsonNode d = deployment(file);
    Map<String, String> c = config(d);
    assertEquals(
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        c.get("metrics.reporter.prom.factory.class"));
    String port = c.get("metrics.reporter.prom.port");
    assertEquals("9249", port);
    assertTrue(
        c.get("env.java.opts.all").contains(AVRO_TRUST), "env.java.opts.all needs " + AVRO_TRUST);
    assertTrue(
        c.get("env.java.default-opts.all").contains("--add-opens=java.base/java.util=ALL-UNNAMED"),
        "replacing the image's config drops Flink's Java 17 flags unless they are kept in default-opts");
    Pod pod = podTemplate(d.path("spec").path("podTemplate"));
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(port, annotations.get("prometheus.io/port"));
    assertTrue(
        mainContainer(pod).getPorts().stream()
            .anyMatch(p -> p.getContainerPort() == Integer.parseInt(port)));
  }

  /** The operator replaces the image's log config: the deployment carries the same filter. */
  @ParameterizedTest
  @ValueSource(strings = {GPU, CPU})
  void logsToConsoleAndFileWithoutThePerCheckpointPendingCommittablesWarning(String file) {
    String log =
        deployment(file)
            .path("spec")
            .path("logConfiguration")
            .path("log4j-console.properties")
            .asText();
    for (String line : DockerfileTest.pendingCommittablesFilter()) {
      assertTrue(log.lines().anyMatch(line::equals), file + " log config needs: " + line);
    }
    assertTrue(log.contains("rootLogger.appenderRef.console.ref = ConsoleAppender"));
    assertTrue(
        log.contains("appender.rolling.fileName = ${sys:log.file}"), "the dashboard's log view");
  }

  @ParameterizedTest
  @ValueSource(strings = {GPU, CPU})
  void readsKafkaTopicsAndModelsLikeTheRestOfTheSystem(String file) {
    JsonNode d = deployment(file);
    Map<String, EnvVar> env = env(d);
    assertEquals(
        StrimziKafkaTest.bootstrapAddress(), env.get("CAPTIONFLOW_KAFKA_BOOTSTRAP").getValue());
    assertEquals(Topics.DEFAULT, Topics.fromEnvironment(AppManifestsTest.plainValues(env)));
    assertEquals(file.equals(GPU) ? "cuda" : "cpu", env.get("CAPTIONFLOW_DEVICE").getValue());

    Pod pod = podTemplate(d.path("spec").path("podTemplate"));
    VolumeMount models =
        mainContainer(pod).getVolumeMounts().stream()
            .filter(m -> m.getName().equals("models"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("models volume not mounted"));
    assertEquals(Boolean.TRUE, models.getReadOnly());
    for (String variable : List.of("PARAKEET_MODEL_DIR", "SORTFORMER_MODEL_PATH")) {
      assertTrue(
          env.get(variable).getValue().startsWith(models.getMountPath() + "/"),
          variable + " must point into the model volume");
    }
    assertEquals(
        DockerfileTest.IMAGE_SILERO,
        env.get("SILERO_VAD_MODEL").getValue(),
        "Silero VAD comes with the image");
    Volume volume =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("models"))
            .findFirst()
            .orElseThrow();
    String claim = volume.getPersistentVolumeClaim().getClaimName();
    PersistentVolumeClaim pvc =
        Manifests.one(Manifests.base(), "PersistentVolumeClaim", claim)
            .as(PersistentVolumeClaim.class);
    assertTrue(
        pvc.getSpec().getAccessModes().stream().anyMatch(m -> m.endsWith("Many")),
        "task managers on several nodes share the model claim");
  }

  @Test
  void gpuTaskManagersRequestOneNvidiaGpuThroughTheExternalResourceFramework() {
    JsonNode d = deployment(GPU);
    Map<String, String> c = config(d);
    assertTrue(List.of(c.get("external-resources").split(";")).contains("gpu"));
    assertEquals("1", c.get("external-resource.gpu.amount"));
    assertEquals(
        "org.apache.flink.externalresource.gpu.GPUDriverFactory",
        c.get("external-resource.gpu.driver-factory.class"));
    assertEquals("nvidia.com/gpu", c.get("external-resource.gpu.kubernetes.config-key"));
    assertEquals(
        "plugins/external-resource-gpu/nvidia-gpu-discovery.sh",
        c.get("external-resource.gpu.param.discovery-script.path"));
    assertEquals(
        "1", c.get("taskmanager.numberOfTaskSlots"), "one slot per GPU: one model per device");

    Pod tm = podTemplate(d.path("spec").path("taskManager").path("podTemplate"));
    assertEquals("true", tm.getSpec().getNodeSelector().get("nvidia.com/gpu.present"));
    Toleration gpu =
        tm.getSpec().getTolerations().stream()
            .filter(t -> "nvidia.com/gpu".equals(t.getKey()))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("GPU nodes are tainted nvidia.com/gpu: tolerate it"));
    assertEquals("NoSchedule", gpu.getEffect());
    assertTrue(
        deployment(GPU).path("spec").path("jobManager").path("podTemplate").isMissingNode(),
        "the job manager needs no GPU node");
  }

  @Test
  void cpuVariantAsksForNoGpu() {
    JsonNode d = deployment(CPU);
    assertFalse(config(d).keySet().stream().anyMatch(k -> k.startsWith("external-resource")));
    assertFalse(
        d.toString().contains("nvidia"),
        "CPU variant must not reference NVIDIA resources or nodes");
  }

  @Test
  void variantsAreAlternativesOfOneDeployment() {
    JsonNode gpu = deployment(GPU);
    JsonNode cpu = deployment(CPU);
    assertEquals(gpu.path("metadata"), cpu.path("metadata"));
    Map<String, EnvVar> gpuEnv = env(gpu);
    Map<String, EnvVar> cpuEnv = env(cpu);
    gpuEnv.remove("CAPTIONFLOW_DEVICE");
    cpuEnv.remove("CAPTIONFLOW_DEVICE");
    assertEquals(gpuEnv, cpuEnv);
    Map<String, String> gpuConfig = config(gpu);
    Map<String, String> cpuConfig = config(cpu);
    for (String key :
        List.of(
            "execution.checkpointing.dir",
            "high-availability.storageDir",
            "execution.checkpointing.savepoint-dir",
            "env.java.opts.all")) {
      assertNotNull(gpuConfig.get(key));
      assertEquals(gpuConfig.get(key), cpuConfig.get(key), key);
    }
  }
}
