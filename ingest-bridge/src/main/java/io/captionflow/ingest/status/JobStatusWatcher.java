package io.captionflow.ingest.status;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.KafkaSeek;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.UndecodableRecordException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's session statuses from the segments topic and reports a REFUSED status of a
 * watched session. All partitions, no consumer group (like a reader), from what was written since
 * the watcher was created. Runs on its own thread: a broker that is down or a topic that does not
 * exist yet is logged and retried, never blocking ingest.
 */
public final class JobStatusWatcher implements AutoCloseable {

  /** Told on the watcher's thread when the job refused a watched session. */
  @FunctionalInterface
  public interface RefusalHandler {
    void refused(String sessionId, String reason);
  }

  private static final Logger LOG = LoggerFactory.getLogger(JobStatusWatcher.class);
  private static final long PARTITION_CHECK_MILLIS = 30_000;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final int REMEMBERED_SESSIONS = 4096;

  private final String topic;
  private final String bootstrap;
  private final Predicate<String> watched;
  private final RefusalHandler handler;
  private final long sinceMillis;
  private final AvroCodec<TranscriptEvent> codec = AvroCodec.transcriptEvent();
  private final SessionRuns runs = new SessionRuns(REMEMBERED_SESSIONS);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private boolean started;

  /**
   * @param watched which session ids to report (asked on the watcher's thread)
   */
  public JobStatusWatcher(BridgeConfig config, Predicate<String> watched, RefusalHandler handler) {
    this.topic = config.topics().segments();
    this.bootstrap = config.bootstrapServers();
    this.watched = watched;
    this.handler = handler;
    this.sinceMillis = System.currentTimeMillis();
    this.consumer =
        new KafkaConsumer<>(
            consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "job-status-watcher");
    this.thread.setDaemon(true);
  }

  static Properties consumerProperties(BridgeConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaClient());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "captionflow-bridge-status-" + UUID.randomUUID().toString().substring(0, 8));
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // the job's topic, not ours
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    return p;
  }

  public synchronized JobStatusWatcher start() {
    started = true;
    thread.start();
    return this;
  }

  private void run() {
    Set<TopicPartition> assigned = null;
    long backoff = 200;
    long nextPartitionCheck = 0;
    try {
      while (running) {
        try {
          if (assigned == null) {
            assigned = assign();
            if (assigned == null) {
              if (backoff == 200) { // once per outage, not at every retry
                LOG.info(
                    "waiting for topic {} on {} to watch the job's refusals", topic, bootstrap);
              }
              sleep(backoff);
              backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
              continue;
            }
            nextPartitionCheck = System.currentTimeMillis() + PARTITION_CHECK_MILLIS;
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            handle(record);
          }
          if (System.currentTimeMillis() >= nextPartitionCheck) {
            addNewPartitions(assigned);
            nextPartitionCheck = System.currentTimeMillis() + PARTITION_CHECK_MILLIS;
          }
          backoff = 200;
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          if (!running) {
            break;
          }
          LOG.warn("watching {} on {}: {}; retrying", topic, bootstrap, e.toString());
          sleep(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("job status watcher on {} stopped: refusals are no longer seen", topic, e);
    } finally {
      Thread.interrupted(); // an interrupt from close() must not cut the consumer's own close short
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** All partitions, from the first record written since the watcher was created; null: none. */
  private Set<TopicPartition> assign() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    if (infos == null || infos.isEmpty()) {
      return null;
    }
    Set<TopicPartition> partitions = new HashSet<>();
    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    consumer.assign(partitions);
    seekToSince(partitions);
    LOG.info("watching the job's session statuses on {} ({} partitions)", topic, partitions.size());
    return partitions;
  }

  private void seekToSince(Set<TopicPartition> partitions) {
    KafkaSeek.toTime(consumer, partitions, sinceMillis);
  }

  private void addNewPartitions(Set<TopicPartition> assigned) {
    Set<TopicPartition> added = new HashSet<>();
    for (PartitionInfo i : consumer.partitionsFor(topic, Duration.ofSeconds(2))) {
      TopicPartition tp = new TopicPartition(i.topic(), i.partition());
      if (!assigned.contains(tp)) {
        added.add(tp);
      }
    }
    if (!added.isEmpty()) { // an empty list would mean "all partitions" to seekToBeginning
      assigned.addAll(added);
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
      LOG.info("topic {} grew: now watching {} partitions", topic, assigned.size());
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    TranscriptEvent event;
    try {
      event = codec.decode(record.value());
    } catch (UndecodableRecordException e) {
      LOG.debug("skipping {} at {}: {}", record.partition(), record.offset(), e.getMessage());
      return;
    }
    if (!(event.getEvent() instanceof SessionStatus status)
        || !watched.test(event.getSessionId())) {
      return;
    }
    Optional<String> refusal =
        runs.refusal(event.getSessionId(), event.getRun(), status.getState(), status.getReason());
    if (refusal.isPresent()) {
      try {
        handler.refused(event.getSessionId(), refusal.get());
      } catch (RuntimeException e) {
        LOG.error("session {}: handling the job's refusal failed", event.getSessionId(), e);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  /** Stops the watcher's thread (within a few seconds, even with the broker down). */
  @Override
  public synchronized void close() throws InterruptedException {
    running = false;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    thread.interrupt();
    thread.join(5_000);
  }
}
