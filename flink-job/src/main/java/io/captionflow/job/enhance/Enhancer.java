package io.captionflow.job.enhance;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.KafkaSeek;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.UndecodableRecordException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code enhancer} service: watches the segments topic for runs that fully ended (an ENDED or
 * EXPIRED status) and asked for an enhanced transcript ({@code enhanceOnEnd}), and enhances each
 * run once, at most {@code maxConcurrent} at a time, the rest queued in the order they ended.
 *
 * <p>The ENHANCED statuses on the topic are the durable record of what was done: on start it reads
 * the topic from {@code since} ago up to its end before submitting anything, so a run enhanced
 * before a restart is skipped and a run that ended while it was down is enhanced. A run is
 * submitted once per process; its retries are the runner's ({@link RetryPolicy}).
 */
public final class Enhancer implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Enhancer.class);

  /** Enhances one run; {@link EnhancementRunner} in production. */
  @FunctionalInterface
  public interface RunEnhancer {
    EnhancementSummary enhance(RunKey run) throws Exception;
  }

  private final String bootstrapServers;
  private final String segmentsTopic;
  private final RunEnhancer enhancer;
  private final Duration since;
  private final Consumer<String> log;
  private final ThreadPoolExecutor pool;
  private final Set<RunKey> submitted = ConcurrentHashMap.newKeySet();
  private final Set<RunKey> enhanced = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean caughtUp;

  public Enhancer(
      String bootstrapServers,
      String segmentsTopic,
      RunEnhancer enhancer,
      int maxConcurrent,
      Duration since,
      Consumer<String> log) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "--max-concurrent must be at least 1, got " + maxConcurrent);
    }
    this.bootstrapServers = bootstrapServers;
    this.segmentsTopic = segmentsTopic;
    this.enhancer = enhancer;
    this.since = since;
    this.log = log;
    this.pool =
        new ThreadPoolExecutor(
            maxConcurrent,
            maxConcurrent,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "enhancement");
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs submitted by this process. */
  public Set<RunKey> submitted() {
    return Set.copyOf(submitted);
  }

  /** Whether the start-up read of the topic is done (submissions begin then). */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Watches the topic until {@link #close}. */
  @Override
  public void run() {
    AvroCodec<TranscriptEvent> codec = AvroCodec.transcriptEvent();
    Properties p = new Properties();
    p.putAll(SessionPartitionReader.clientProperties(bootstrapServers));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(segmentsTopic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "topic " + segmentsTopic + " does not exist on " + bootstrapServers);
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(segmentsTopic, i.partition())).toList();
      consumer.assign(partitions);
      KafkaSeek.toTime(consumer, partitions, System.currentTimeMillis() - since.toMillis());
      Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
      Set<RunKey> endedWhileCatchingUp = new LinkedHashSet<>();
      log.accept("enhancer: reading " + segmentsTopic + " from " + since + " ago");
      while (!closed.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TranscriptEvent e;
          try {
            e = codec.decode(r.value());
          } catch (UndecodableRecordException ex) {
            continue;
          }
          RunKey key = new RunKey(e.getSessionId(), e.getRun());
          if (!(e.getEvent() instanceof SessionStatus status)) {
            continue;
          }
          if (status.getState() == SessionState.ENHANCED) {
            enhanced.add(key);
            endedWhileCatchingUp.remove(key);
          } else if (asksForEnhancement(status)) {
            if (caughtUp) {
              submit(key);
            } else {
              endedWhileCatchingUp.add(key);
            }
          }
        }
        if (!caughtUp
            && partitions.stream().allMatch(tp -> consumer.position(tp) >= startEnd.get(tp))) {
          caughtUp = true;
          log.accept(
              "enhancer: caught up; "
                  + enhanced.size()
                  + " runs already enhanced, "
                  + endedWhileCatchingUp.size()
                  + " waiting");
          endedWhileCatchingUp.forEach(this::submit);
          endedWhileCatchingUp.clear();
        }
      }
    }
  }

  /** Fully ended (never STARTED), and the session asked for it at its start. */
  static boolean asksForEnhancement(SessionStatus status) {
    return status.getEnhanceOnEnd()
        && (status.getState() == SessionState.ENDED || status.getState() == SessionState.EXPIRED);
  }

  private void submit(RunKey key) {
    if (enhanced.contains(key) || !submitted.add(key)) {
      return;
    }
    log.accept(
        "enhancer: "
            + key
            + " ended; enhancing"
            + (running.get() >= pool.getMaximumPoolSize()
                ? " after the " + (pool.getQueue().size() + running.get()) + " before it"
                : ""));
    pool.execute(
        () -> {
          running.incrementAndGet();
          try {
            EnhancementSummary summary = enhancer.enhance(key);
            log.accept("enhancer: " + summary.line());
          } catch (Exception e) {
            LOG.error("enhancer: {} not enhanced", key, e);
            log.accept("enhancer: " + key + " not enhanced: " + EnhancementRunner.rootMessage(e));
          } finally {
            running.decrementAndGet();
          }
        });
  }

  @Override
  public void close() {
    closed.set(true);
    pool.shutdownNow();
  }

  /** Waits until every submitted enhancement finished (for tests and a clean shutdown). */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (running.get() == 0 && pool.getQueue().isEmpty() && pool.getActiveCount() == 0) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
