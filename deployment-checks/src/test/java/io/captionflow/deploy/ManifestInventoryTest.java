package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.deploy.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every document under k8s/ is a kind we know, binds to its typed model without unknown fields, in
 * our namespace.
 */
class ManifestInventoryTest {

  /**
   * apiVersion + kind → typed model. FlinkDeployment is checked against its CRD schema in
   * FlinkDeploymentTest.
   */
  private static final Map<String, Class<?>> TYPED =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
          Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

  private static final String FLINK_DEPLOYMENT = "flink.apache.org/v1beta1/FlinkDeployment";

  @Test
  void everyDocumentIsAKnownKindAndBindsWithoutUnknownFields() {
    List<String> problems = new ArrayList<>();
    for (Manifest m : Manifests.all()) {
      String type = m.apiVersion() + "/" + m.kind();
      if (type.equals(FLINK_DEPLOYMENT)) {
        continue;
      }
      Class<?> model = TYPED.get(type);
      if (model == null) {
        problems.add(m + ": no typed model for " + type);
        continue;
      }
      UnknownFields.in(m.as(model)).forEach(f -> problems.add(m + ": unknown field " + f));
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void flinkDeploymentsLiveOnlyInTheVariantsDirectory() {
    assertEquals(List.of(), Manifests.ofKind(Manifests.base(), "FlinkDeployment"));
    List<Manifest> variants = Manifests.flinkVariants();
    assertEquals(2, variants.size(), "one GPU and one CPU variant");
    variants.forEach(
        v -> assertEquals(FLINK_DEPLOYMENT, v.apiVersion() + "/" + v.kind(), v.toString()));
  }

  @Test
  void everythingIsNamespacedToCaptionflow() {
    for (Manifest m : Manifests.all()) {
      if (m.kind().equals("Namespace")) {
        assertEquals(Manifests.NAMESPACE, m.name());
      } else {
        assertEquals(
            Manifests.NAMESPACE,
            m.node().path("metadata").path("namespace").asText(),
            m.toString());
      }
    }
  }

  @Test
  void baseManifestsHaveUniqueKindAndName() {
    Set<String> seen = new HashSet<>();
    for (Manifest m : Manifests.base()) {
      assertTrue(seen.add(m.kind() + "/" + m.name()), "duplicate " + m);
    }
  }
}
