package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.deploy.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every workload runs as non-root under the runtime's default seccomp profile, with no capabilities
 * and no way to gain privileges; the apps also on a read-only root filesystem.
 */
class SecurityContextTest {

  private static List<String> podProblems(String where, PodSecurityContext pod) {
    List<String> problems = new ArrayList<>();
    if (pod == null) {
      return List.of(where + ": no pod securityContext");
    }
    if (!Boolean.TRUE.equals(pod.getRunAsNonRoot())) {
      problems.add(where + ": runAsNonRoot must be true");
    }
    if (pod.getSeccompProfile() == null
        || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
      problems.add(where + ": seccompProfile must be RuntimeDefault");
    }
    return problems;
  }

  private static List<String> containerProblems(String where, SecurityContext c) {
    List<String> problems = new ArrayList<>();
    if (c == null) {
      return List.of(where + ": no container securityContext");
    }
    if (!Boolean.FALSE.equals(c.getAllowPrivilegeEscalation())) {
      problems.add(where + ": allowPrivilegeEscalation must be false");
    }
    if (c.getCapabilities() == null
        || !List.of("ALL").equals(c.getCapabilities().getDrop())
        || (c.getCapabilities().getAdd() != null && !c.getCapabilities().getAdd().isEmpty())) {
      problems.add(where + ": capabilities must drop [ALL] and add none");
    }
    if (Boolean.TRUE.equals(c.getPrivileged())) {
      problems.add(where + ": privileged");
    }
    return problems;
  }

  @Test
  void everyDeploymentIsLockedDown() {
    List<String> problems = new ArrayList<>();
    List<Manifest> deployments = Manifests.ofKind(Manifests.base(), "Deployment");
    assertEquals(2, deployments.size(), "the sink and the bridge");
    for (Manifest m : deployments) {
      PodSpec pod = m.as(Deployment.class).getSpec().getTemplate().getSpec();
      problems.addAll(podProblems(m.toString(), pod.getSecurityContext()));
      List<Container> containers = new ArrayList<>(pod.getContainers());
      if (pod.getInitContainers() != null) {
        containers.addAll(pod.getInitContainers());
      }
      for (Container c : containers) {
        String where = m + " container " + c.getName();
        problems.addAll(containerProblems(where, c.getSecurityContext()));
        if (c.getSecurityContext() != null
            && !Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
          problems.add(where + ": readOnlyRootFilesystem must be true");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {FlinkDeploymentTest.GPU, FlinkDeploymentTest.CPU})
  void jobAndTaskManagersAreLockedDown(String variant) {
    List<String> problems =
        new ArrayList<>(
            podProblems(
                variant + " podTemplate",
                FlinkDeploymentTest.podTemplate(variant).getSpec().getSecurityContext()));
    problems.addAll(
        containerProblems(
            variant + " " + FlinkDeploymentTest.MAIN_CONTAINER,
            FlinkDeploymentTest.mainContainer(variant).getSecurityContext()));
    assertEquals(List.of(), problems);
  }

  @Test
  void kafkaBrokersAndTheEntityOperatorAreLockedDown() {
    Kafka kafka = StrimziKafkaTest.kafka();
    List<String> problems = new ArrayList<>();
    PodTemplate brokers = kafka.getSpec().getKafka().getTemplate().getPod();
    problems.addAll(podProblems("Kafka broker pods", brokers.getSecurityContext()));
    ContainerTemplate broker = kafka.getSpec().getKafka().getTemplate().getKafkaContainer();
    problems.addAll(containerProblems("Kafka container", broker.getSecurityContext()));
    var entityOperator = kafka.getSpec().getEntityOperator().getTemplate();
    problems.addAll(
        podProblems("entity operator pod", entityOperator.getPod().getSecurityContext()));
    problems.addAll(
        containerProblems(
            "topic operator", entityOperator.getTopicOperatorContainer().getSecurityContext()));
    problems.addAll(
        containerProblems(
            "user operator", entityOperator.getUserOperatorContainer().getSecurityContext()));
    for (Manifest pool : Manifests.ofKind(Manifests.base(), "KafkaNodePool")) {
      // A node pool's template replaces the Kafka's: it must not bring its own, looser one.
      assertEquals(
          true, pool.node().path("spec").path("template").isMissingNode(), pool.toString());
    }
    assertEquals(List.of(), problems);
  }
}
