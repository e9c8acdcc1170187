package io.captionflow.sink.consume;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.KafkaSeek;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.UndecodableRecordException;
import io.captionflow.sink.session.SessionRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
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
 * Reads the segments topic into the {@link SessionRegistry}. Every sink instance reads ALL
 * partitions (manual assignment, no consumer group), so any instance can serve any session; at
 * start it seeks to {@code lookback} ago to rebuild session history. read_committed: records of
 * aborted transactions of a transactional (exactly-once) job are never shown. Undecodable records
 * are logged and skipped.
 */
public final class SegmentConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentConsumer.class);
  private static final long HEALTH_CHECK_MILLIS = 1000;
  private static final long PARTITION_CHECK_MILLIS = 30_000;

  private final String bootstrap;
  private final String topic;
  private final Duration lookback;
  private final SessionRegistry registry;
  private final AvroCodec<TranscriptEvent> codec = AvroCodec.transcriptEvent();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile ConsumerHealth health;
  private volatile boolean running = true;
  private long recordsRead;
  private long undecodable;
  private Map<TopicPartition, Long> endsAtStart = Map.of();
  private boolean caughtUp;

  /** Without extra client settings (a broker without authentication). */
  public SegmentConsumer(
      String bootstrap, String topic, Duration lookback, SessionRegistry registry) {
    this(bootstrap, Map.of(), topic, lookback, registry);
  }

  /**
   * @param clientProperties extra consumer settings (authentication); the sink's own settings win
   */
  public SegmentConsumer(
      String bootstrap,
      Map<String, String> clientProperties,
      String topic,
      Duration lookback,
      SessionRegistry registry) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.lookback = lookback;
    this.registry = registry;
    this.health = ConsumerHealth.starting(topic);
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "captionflow-sink-" + UUID.randomUUID().toString().substring(0, 8));
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "segment-consumer-" + topic);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public ConsumerHealth health() {
    return health;
  }

  private void run() {
    try {
      Set<TopicPartition> assigned = awaitAndAssign();
      long nextHealth = 0;
      long nextPartitionCheck = System.currentTimeMillis() + PARTITION_CHECK_MILLIS;
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          handle(record);
        }
        long now = System.currentTimeMillis();
        if (now >= nextPartitionCheck) {
          addNewPartitions(assigned);
          nextPartitionCheck = now + PARTITION_CHECK_MILLIS;
        }
        if (now >= nextHealth) {
          checkHealth(assigned);
          nextHealth = now + HEALTH_CHECK_MILLIS;
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("segment consumer on {} stopped: {}", topic, e.toString(), e);
      health = health.failed(e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private Set<TopicPartition> awaitAndAssign() {
    long backoff = 200;
    while (running) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos != null && !infos.isEmpty()) {
          Set<TopicPartition> partitions = new HashSet<>();
          infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
          consumer.assign(partitions);
          seekToLookback(partitions);
          endsAtStart = consumer.endOffsets(partitions);
          LOG.info(
              "reading all {} partitions of {} from {} ago (history rebuild), {}",
              partitions.size(),
              topic,
              lookback,
              bootstrap);
          return partitions;
        }
        health = health.waiting("topic " + topic + " does not exist yet");
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        health = health.waiting("Kafka not reachable at " + bootstrap + ": " + e.getMessage());
      }
      LOG.info("waiting for topic {} on {}", topic, bootstrap);
      sleep(backoff);
      backoff = Math.min(backoff * 2, 5000);
    }
    throw new WakeupException();
  }

  private void seekToLookback(Set<TopicPartition> partitions) {
    KafkaSeek.toTime(consumer, partitions, System.currentTimeMillis() - lookback.toMillis());
  }

  private void addNewPartitions(Set<TopicPartition> assigned) {
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
      Set<TopicPartition> added = new HashSet<>();
      for (PartitionInfo i : infos) {
        TopicPartition tp = new TopicPartition(i.topic(), i.partition());
        if (!assigned.contains(tp)) {
          added.add(tp);
        }
      }
      if (!added
          .isEmpty()) { // checked: an empty list would mean "all partitions" to seekToBeginning
        assigned.addAll(added);
        consumer.assign(assigned);
        consumer.seekToBeginning(added);
        LOG.info("topic {} grew: now reading {} partitions", topic, assigned.size());
      }
    } catch (KafkaException e) {
      // reachability is reported by checkHealth
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    recordsRead++;
    TranscriptEvent event;
    try {
      event = codec.decode(record.value());
    } catch (UndecodableRecordException e) {
      undecodable++;
      LOG.warn(
          "skipping undecodable record {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    try {
      registry.accept(event, record.timestamp());
    } catch (RuntimeException e) {
      undecodable++;
      LOG.warn(
          "skipping record {}-{}@{} the sink cannot apply: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
    }
  }

  private void checkHealth(Set<TopicPartition> assigned) {
    try {
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(2));
      long lag = 0;
      boolean reachedStartEnds = true;
      for (TopicPartition tp : assigned) {
        long position = consumer.position(tp, Duration.ofSeconds(2));
        lag += Math.max(0, ends.getOrDefault(tp, position) - position);
        reachedStartEnds &= position >= endsAtStart.getOrDefault(tp, 0L);
      }
      if (reachedStartEnds && !caughtUp) {
        caughtUp = true;
        LOG.info("history rebuilt from {}: caught up after {} records", topic, recordsRead);
      }
      health =
          new ConsumerHealth(
              topic,
              true,
              "reading",
              System.currentTimeMillis(),
              lag,
              assigned.size(),
              caughtUp,
              recordsRead,
              undecodable);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      health = health.unreachable("Kafka not reachable at " + bootstrap + ": " + e.getMessage());
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

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
