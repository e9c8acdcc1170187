package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.deploy.NetworkReach.Endpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may reach what, read from the NetworkPolicies under k8s/ and the Kafka listener's
 * networkPolicyPeers (the brokers' policy Strimzi writes), for the pods the manifests create.
 */
class NetworkPolicyTest {

  private static final String NS = Manifests.NAMESPACE;

  private static final Map<String, Endpoint> ENDPOINTS = endpoints();

  private static final NetworkReach REACH = new NetworkReach(policies());

  private static Map<String, String> podLabels(String deployment) {
    return Manifests.one(Manifests.base(), "Deployment", deployment)
        .as(Deployment.class)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getLabels();
  }

  private static Map<String, Endpoint> endpoints() {
    Map<String, String> job =
        FlinkDeploymentTest.podTemplate(FlinkDeploymentTest.GPU).getMetadata().getLabels();
    assertEquals(
        job,
        FlinkDeploymentTest.podTemplate(FlinkDeploymentTest.CPU).getMetadata().getLabels(),
        "both variants label their pods alike");
    return Map.of(
        "ingress",
            new Endpoint(
                "ingress", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx")),
        "prometheus", new Endpoint("prometheus", "monitoring", Map.of("app", "prometheus")),
        "operator",
            new Endpoint(
                "operator",
                "flink-operator",
                Map.of("app.kubernetes.io/name", "flink-kubernetes-operator")),
        "sink", new Endpoint("sink", NS, podLabels("subtitle-sink")),
        "bridge", new Endpoint("bridge", NS, podLabels("ingest-bridge")),
        "job", new Endpoint("job", NS, job),
        // Labels Strimzi puts on the pods of the node pool (broker and controller roles).
        "kafka",
            new Endpoint(
                "kafka",
                NS,
                Map.of(
                    "strimzi.io/cluster", StrimziKafkaTest.kafka().getMetadata().getName(),
                    "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", StrimziKafkaTest.kafka().getMetadata().getName() + "-kafka",
                    "strimzi.io/broker-role", "true",
                    "strimzi.io/controller-role", "true")),
        "stranger", new Endpoint("stranger", NS, Map.of("run", "models-loader")),
        "internet", Endpoint.outside("internet"));
  }

  /** Ours, plus the one Strimzi writes for the app listener from its networkPolicyPeers. */
  private static List<NetworkPolicy> policies() {
    List<NetworkPolicy> all = new ArrayList<>();
    Manifests.ofKind(Manifests.base(), "NetworkPolicy")
        .forEach(m -> all.add(m.as(NetworkPolicy.class)));
    GenericKafkaListener listener = StrimziKafkaTest.appListener();
    all.add(
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("strimzi-generated")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .withMatchLabels(
                Map.of(
                    "strimzi.io/cluster",
                    StrimziKafkaTest.kafka().getMetadata().getName(),
                    "strimzi.io/kind",
                    "Kafka"))
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .withIngress(
                new NetworkPolicyIngressRuleBuilder()
                    .withFrom(listener.getNetworkPolicyPeers())
                    .withPorts(
                        new NetworkPolicyPortBuilder()
                            .withProtocol("TCP")
                            .withPort(new IntOrString(listener.getPort()))
                            .build())
                    .build())
            .endSpec()
            .build());
    return all;
  }

  @ParameterizedTest(name = "{0} -> {1}:{2} {3}")
  @CsvSource({
    // viewers and encoders come through the ingress controller, to the sink and the bridge only
    "ingress, sink, 8080, true",
    "ingress, bridge, 8082, true",
    "ingress, job, 8081, false",
    "ingress, kafka, 9092, false",
    "internet, sink, 8080, false",
    "internet, bridge, 8082, false",
    // Kafka: the bridge, the job and the sink, nobody else
    "bridge, kafka, 9092, true",
    "job, kafka, 9092, true",
    "sink, kafka, 9092, true",
    "stranger, kafka, 9092, false",
    "ingress, kafka, 9092, false",
    // the apps do not talk to each other
    "bridge, sink, 8080, false",
    "sink, bridge, 8082, false",
    "bridge, job, 8081, false",
    "sink, job, 6123, false",
    "stranger, sink, 8080, false",
    "stranger, bridge, 8082, false",
    "stranger, job, 6123, false",
    // nothing leaves the sink or the bridge but Kafka (and DNS)
    "sink, internet, 443, false",
    "bridge, internet, 443, false",
    // the job: its own pods, the operator on REST, the Kubernetes API and S3
    "job, job, 6123, true",
    "operator, job, 8081, true",
    "operator, sink, 8080, false",
    "job, internet, 443, true",
    // Prometheus scrapes every /metrics, nothing else
    "prometheus, sink, 8080, true",
    "prometheus, bridge, 8082, true",
    "prometheus, job, 9249, true",
    "prometheus, job, 8081, false",
    "prometheus, kafka, 9092, false",
  })
  void whoMayReachWhat(String from, String to, int port, boolean allowed) {
    assertEquals(allowed, REACH.allows(ENDPOINTS.get(from), ENDPOINTS.get(to), port));
  }

  @Test
  void everythingElseIsDeniedByDefault() {
    NetworkPolicy deny =
        Manifests.one(Manifests.base(), "NetworkPolicy", "default-deny").as(NetworkPolicy.class);
    assertEquals(
        Map.of(),
        deny.getSpec().getPodSelector().getMatchLabels() == null
            ? Map.of()
            : deny.getSpec().getPodSelector().getMatchLabels());
    assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
    assertEquals(List.of(), deny.getSpec().getIngress());
    assertEquals(List.of(), deny.getSpec().getEgress());
  }

  @Test
  void everyAppPodMayResolveNames() {
    Endpoint dns = new Endpoint("dns", "kube-system", Map.of("k8s-app", "kube-dns"));
    for (String app : List.of("sink", "bridge", "job")) {
      assertEquals(true, REACH.allows(ENDPOINTS.get(app), dns, 53), app);
    }
  }
}
