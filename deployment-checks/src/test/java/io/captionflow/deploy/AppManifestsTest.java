package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.deploy.Manifests.Manifest;
import io.captionflow.schema.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * subtitle-sink and ingest-bridge Deployments, Services, PDB and Ingress, read with fabric8's typed
 * models.
 */
class AppManifestsTest {

  private final List<Manifest> manifests = Manifests.base();

  private Deployment deployment(String name) {
    return Manifests.one(manifests, "Deployment", name).as(Deployment.class);
  }

  private static Container container(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size(), d.getMetadata().getName());
    return containers.get(0);
  }

  static Map<String, EnvVar> env(Container c) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    c.getEnv().forEach(e -> env.put(e.getName(), e));
    return env;
  }

  private static int resolvePort(Container c, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return c.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(c.getName() + " has no port named " + port.getStrVal()));
  }

  @ParameterizedTest
  @CsvSource({"subtitle-sink, 8080, 2", "ingest-bridge, 8082, 2"})
  void deploymentRunsTheVersionedImageWithReadinessAndLivenessProbesAndRequests(
      String name, int port, int minReplicas) {
    Deployment d = deployment(name);
    Container c = container(d);
    assertEquals("captionflow/" + name + ":" + Repo.version(), c.getImage());
    assertTrue(d.getSpec().getReplicas() >= minReplicas, name + " replicas");
    assertEquals(
        List.of(port), c.getPorts().stream().map(ContainerPort::getContainerPort).toList());
    // readiness follows Kafka; liveness must not, or a Kafka outage would restart every pod
    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("/health", c.getReadinessProbe());
    probes.put("/health/live", c.getLivenessProbe());
    probes.forEach(
        (path, probe) -> {
          assertNotNull(probe, name + " needs readiness and liveness probes");
          assertEquals(path, probe.getHttpGet().getPath(), name);
          assertEquals(port, resolvePort(c, probe.getHttpGet().getPort()));
        });
    Map<String, ?> requests = c.getResources().getRequests();
    assertTrue(
        requests.containsKey("cpu") && requests.containsKey("memory"),
        name + " requests " + requests);
    assertTrue(c.getResources().getLimits().containsKey("memory"), name + " memory limit");
    assertEquals(
        Boolean.TRUE, d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    assertEquals(
        d.getSpec().getSelector().getMatchLabels().entrySet().stream()
            .filter(e -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().contains(e))
            .count(),
        (long) d.getSpec().getSelector().getMatchLabels().size(),
        name + " selector must match its pod labels");
  }

  @ParameterizedTest
  @CsvSource({"subtitle-sink", "ingest-bridge"})
  void kafkaAndTopicsComeFromTheClusterAndTheJobDefaults(String name) {
    Map<String, EnvVar> env = env(container(deployment(name)));
    assertEquals(
        StrimziKafkaTest.bootstrapAddress(), env.get("CAPTIONFLOW_KAFKA_BOOTSTRAP").getValue());
    assertEquals(Topics.DEFAULT, Topics.fromEnvironment(plainValues(env)));
    assertEquals(
        Topics.DEFAULT.audio(),
        env.get("CAPTIONFLOW_TOPIC_AUDIO").getValue(),
        "topics must be explicit");
  }

  static Map<String, String> plainValues(Map<String, EnvVar> env) {
    Map<String, String> values = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (v.getValue() != null) {
            values.put(k, v.getValue());
          }
        });
    return values;
  }

  @ParameterizedTest
  @CsvSource({
    "subtitle-sink, CAPTIONFLOW_SUBSCRIBE_TOKENS",
    "ingest-bridge, CAPTIONFLOW_PUBLISH_TOKENS"
  })
  void tokensComeFromASecretTheReadmeTellsHowToCreate(String name, String variable) {
    EnvVar token = env(container(deployment(name))).get(variable);
    assertNotNull(token, name + " needs " + variable);
    var ref = token.getValueFrom().getSecretKeyRef();
    assertNotNull(ref, variable + " must come from a Secret, never a literal");
    assertTrue(
        secretCreationDocumented(ref.getName(), ref.getKey()),
        "k8s/README.md must show `kubectl create secret generic "
            + ref.getName()
            + " --from-literal="
            + ref.getKey()
            + "=...`");
  }

  /**
   * The README's `kubectl ... create secret generic NAME ... --from-literal=KEY=` command (lines
   * may continue).
   */
  static boolean secretCreationDocumented(String secret, String key) {
    String readme = Repo.read("k8s/README.md").replace("\\\n", " ");
    Matcher m =
        Pattern.compile("create secret generic " + Pattern.quote(secret) + "([^\\n]*)")
            .matcher(readme);
    while (m.find()) {
      if (m.group(1).contains("--from-literal=" + key + "=")
          || m.group(1).contains("--from-file=" + key + "=")) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @CsvSource({"subtitle-sink", "ingest-bridge"})
  void serviceSelectsThePodsAndTargetsTheContainerPort(String name) {
    Deployment d = deployment(name);
    Service s = Manifests.one(manifests, "Service", name).as(Service.class);
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    s.getSpec()
        .getSelector()
        .forEach((k, v) -> assertEquals(v, podLabels.get(k), name + " selector " + k));
    ServicePort port = s.getSpec().getPorts().get(0);
    int target = resolvePort(container(d), port.getTargetPort());
    assertEquals(container(d).getPorts().get(0).getContainerPort(), target);
    assertEquals(target, port.getPort());
  }

  @Test
  void sinkDisruptionBudgetKeepsViewersServed() {
    Deployment sink = deployment("subtitle-sink");
    PodDisruptionBudget pdb =
        Manifests.one(manifests, "PodDisruptionBudget", "subtitle-sink")
            .as(PodDisruptionBudget.class);
    int minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
    assertTrue(
        minAvailable >= 1 && minAvailable < sink.getSpec().getReplicas(),
        "minAvailable "
            + minAvailable
            + " must allow a drain with "
            + sink.getSpec().getReplicas()
            + " replicas");
    pdb.getSpec()
        .getSelector()
        .getMatchLabels()
        .forEach(
            (k, v) ->
                assertEquals(v, sink.getSpec().getTemplate().getMetadata().getLabels().get(k)));
  }

  @Test
  void ingressRoutesToAnExistingServicePort() {
    Ingress ingress = Manifests.one(manifests, "Ingress", "subtitle-sink").as(Ingress.class);
    var paths =
        ingress.getSpec().getRules().stream()
            .flatMap(r -> r.getHttp().getPaths().stream())
            .toList();
    assertTrue(!paths.isEmpty());
    for (var path : paths) {
      IngressServiceBackend backend = path.getBackend().getService();
      Service s = Manifests.one(manifests, "Service", backend.getName()).as(Service.class);
      assertTrue(
          s.getSpec().getPorts().stream()
              .anyMatch(
                  p ->
                      p.getName().equals(backend.getPort().getName())
                          || p.getPort().equals(backend.getPort().getNumber())),
          "ingress backend port " + backend.getPort() + " not on service " + backend.getName());
    }
  }
}
