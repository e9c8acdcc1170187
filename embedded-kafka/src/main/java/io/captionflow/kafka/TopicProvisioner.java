package io.captionflow.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics and waits until every partition's leader answers a leader-only request (list
 * offsets): producing into a partition whose leader is not serving yet can lose records or wedge an
 * idempotent producer on OUT_OF_ORDER_SEQUENCE (STACK-NOTES 3); a leader named in the metadata is
 * not enough. For local runs and tests; production topics are declared by the platform (Strimzi
 * KafkaTopic, see k8s/).
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  public static void ensureTopics(
      String bootstrapServers, Collection<String> names, int partitions, Duration timeout) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, (short) 1));
        }
      }
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitLeaders(admin, names, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + names, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not create topics "
              + names
              + " on "
              + bootstrapServers
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static void awaitLeaders(Admin admin, Collection<String> names, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<TopicPartition, OffsetSpec> probe = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
          for (TopicPartitionInfo p : d.partitions()) {
            probe.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
        }
        admin.listOffsets(probe).all().get();
        return;
      } catch (ExecutionException notServingYet) {
        last = notServingYet;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "topics "
            + names
            + " have partitions whose leader does not answer after "
            + timeout
            + (last != null ? ": " + last.getCause().getMessage() : ""));
  }
}
