package io.captionflow.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics and waits until every partition has a leader: producing into a topic whose leaders are
 * not yet known can silently lose records (STACK-NOTES 3). For local runs and tests; production topics
 * are declared by the platform (Strimzi KafkaTopic, see k8s/).
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  public static void ensureTopics(String bootstrapServers, Collection<String> names, int partitions, Duration timeout) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
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
      throw new IllegalStateException("could not create topics " + names + " on " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  private static void awaitLeaders(Admin admin, Collection<String> names, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        boolean allLed = described.values().stream()
            .flatMap(d -> d.partitions().stream())
            .map(TopicPartitionInfo::leader)
            .allMatch(leader -> leader != null && !leader.isEmpty());
        if (allLed) {
          return;
        }
      } catch (ExecutionException notYetVisible) {
        // metadata not propagated yet; try again below
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + names + " have partitions without a leader after " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
