package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.deploy.Manifests.Manifest;
import io.captionflow.schema.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Strimzi Kafka, node pool and topics, read with Strimzi's published model classes. */
class StrimziKafkaTest {

  static final Duration REPLAY_RETENTION_MIN = Duration.ofDays(7);

  private final List<Manifest> manifests = Manifests.base();

  static Kafka kafka() {
    List<Manifest> all = Manifests.ofKind(Manifests.base(), "Kafka");
    assertEquals(1, all.size(), "one Strimzi Kafka cluster");
    return all.get(0).as(Kafka.class);
  }

  /** topic name → KafkaTopic, for every KafkaTopic manifest. */
  static Map<String, KafkaTopic> topics() {
    return Manifests.ofKind(Manifests.base(), "KafkaTopic").stream()
        .map(m -> m.as(KafkaTopic.class))
        .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), Function.identity()));
  }

  /** The internal listener the apps use: without TLS, authenticated with SCRAM-SHA-512. */
  static GenericKafkaListener appListener() {
    return kafka().getSpec().getKafka().getListeners().stream()
        .filter(l -> !l.isTls() && l.getType().toValue().equals("internal"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Kafka has no plain internal listener"));
  }

  /** In-cluster bootstrap address of the apps' listener, as Strimzi names its bootstrap service. */
  static String bootstrapAddress() {
    Kafka kafka = kafka();
    GenericKafkaListener plain = appListener();
    return kafka.getMetadata().getName()
        + "-kafka-bootstrap."
        + kafka.getMetadata().getNamespace()
        + ".svc:"
        + plain.getPort();
  }

  @Test
  void topicNamesAreTheJobDefaults() {
    Topics d = Topics.DEFAULT;
    assertEquals(
        Set.of(d.audio(), d.sessionEvents(), d.segments(), d.deadLetters()), topics().keySet());
  }

  @Test
  void topicsBelongToTheClusterAndFitItsBrokers() {
    Kafka kafka = kafka();
    int brokers =
        Manifests.ofKind(manifests, "KafkaNodePool").stream()
            .map(m -> m.as(KafkaNodePool.class))
            .filter(
                p ->
                    p.getMetadata()
                        .getLabels()
                        .get("strimzi.io/cluster")
                        .equals(kafka.getMetadata().getName()))
            .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
            .mapToInt(p -> p.getSpec().getReplicas())
            .sum();
    assertTrue(brokers >= 3, "at least three brokers, got " + brokers);
    for (KafkaTopic t : topics().values()) {
      String name = t.getSpec().getTopicName();
      assertEquals(
          kafka.getMetadata().getName(),
          t.getMetadata().getLabels().get("strimzi.io/cluster"),
          name);
      assertTrue(t.getSpec().getReplicas() <= brokers, name + " has more replicas than brokers");
      int minIsr =
          Integer.parseInt(String.valueOf(t.getSpec().getConfig().get("min.insync.replicas")));
      assertTrue(
          minIsr < t.getSpec().getReplicas(),
          name + ": min.insync.replicas must leave room for one broker down");
    }
  }

  @Test
  void sessionKeyedTopicsSharePartitionCounts() {
    Map<String, KafkaTopic> topics = topics();
    Topics d = Topics.DEFAULT;
    int audio = topics.get(d.audio()).getSpec().getPartitions();
    assertTrue(audio >= 6, "enough partitions to spread sessions over task managers");
    assertEquals(audio, topics.get(d.sessionEvents()).getSpec().getPartitions());
    assertEquals(audio, topics.get(d.segments()).getSpec().getPartitions());
  }

  @Test
  void recordingsAreKeptLongEnoughToReplay() {
    Map<String, KafkaTopic> topics = topics();
    for (String name : List.of(Topics.DEFAULT.audio(), Topics.DEFAULT.sessionEvents())) {
      Map<String, Object> config = topics.get(name).getSpec().getConfig();
      long retentionMs = Long.parseLong(String.valueOf(config.get("retention.ms")));
      assertTrue(
          retentionMs == -1 || retentionMs >= REPLAY_RETENTION_MIN.toMillis(),
          name + " retention.ms " + retentionMs + " is shorter than " + REPLAY_RETENTION_MIN);
      assertEquals(
          "delete",
          config.get("cleanup.policy"),
          name + ": compaction would drop chunks of a session");
    }
  }

  @Test
  void clusterHasNoAutoCreatedTopicsAndAnAuthenticatedInternalListener() {
    Kafka kafka = kafka();
    assertEquals(false, kafka.getSpec().getKafka().getConfig().get("auto.create.topics.enable"));
    assertEquals("captionflow-kafka-bootstrap.captionflow.svc:9092", bootstrapAddress());
  }
}
