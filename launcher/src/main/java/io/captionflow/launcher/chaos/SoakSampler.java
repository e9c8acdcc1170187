package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples a soaking cluster every {@code periodSeconds}: the fullest task manager's heap and the
 * latest checkpoint from Flink's REST API, the job's consumer lag on the audio topic from Kafka
 * (offsets the job commits at each checkpoint).
 */
final class SoakSampler implements AutoCloseable {

  private final ChaosCluster cluster;
  private final String jobId;
  private final String groupId;
  private final String audioTopic;
  private final Supplier<Scenario> round;
  private final long started;
  private final List<SoakSample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "soak-sampler");
            t.setDaemon(true);
            return t;
          });
  private final Admin admin;

  SoakSampler(
      ChaosCluster cluster,
      String jobId,
      String groupId,
      String audioTopic,
      Supplier<Scenario> round,
      long started,
      long periodSeconds) {
    this.cluster = cluster;
    this.jobId = jobId;
    this.groupId = groupId;
    this.audioTopic = audioTopic;
    this.round = round;
    this.started = started;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    this.admin = Admin.create(p);
    timer.scheduleAtFixedRate(this::sample, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  synchronized List<SoakSample> samples() {
    return List.copyOf(samples);
  }

  private void sample() {
    SoakSample s =
        new SoakSample(
            (System.currentTimeMillis() - started) / 1000.0,
            round.get(),
            heapMb(),
            checkpoint("state_size"),
            checkpoint("end_to_end_duration"),
            kafkaLag());
    synchronized (this) {
      samples.add(s);
    }
  }

  private long heapMb() {
    JsonNode tms = cluster.rest("/taskmanagers");
    if (tms == null) {
      return -1;
    }
    long most = -1;
    for (JsonNode tm : tms.path("taskmanagers")) {
      JsonNode m =
          cluster.rest(
              "/taskmanagers/"
                  + tm.path("id").asText()
                  + "/metrics?get=Status.JVM.Memory.Heap.Used");
      if (m != null && m.size() > 0) {
        most = Math.max(most, m.get(0).path("value").asLong() >> 20);
      }
    }
    return most;
  }

  private long checkpoint(String field) {
    JsonNode c = cluster.rest("/jobs/" + jobId + "/checkpoints");
    JsonNode latest = c == null ? null : c.path("latest").path("completed");
    return latest == null || latest.isMissingNode() || latest.isNull()
        ? -1
        : latest.path(field).asLong(-1);
  }

  private long kafkaLag() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().stream()
          .filter(tp -> tp.topic().equals(audioTopic))
          .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      if (latest.isEmpty()) {
        return -1;
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(e.getKey());
        lag += e.getValue().offset() - (at == null ? 0 : at.offset());
      }
      return lag;
    } catch (Exception e) {
      return -1; // the broker is being restarted
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
