package io.captionflow.ingest.resume;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionPartition;
import io.captionflow.schema.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks a session up where the bridge published it, bounded: only the partition its id hashes to,
 * on the audio topic only the records written within {@code audioWindow} (a session silent for
 * longer is not continued, as the grace period ends it in one process), on the session-events topic
 * only the last {@code eventWindow} records, and all of it within {@code timeout}; past that it
 * logs a warning and finds nothing, so the room starts a new session.
 */
public final class KafkaSessionLookup implements SessionLookup {

  /** Session events are a few per session: this many reach back over thousands of sessions. */
  public static final int EVENT_WINDOW = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSessionLookup.class);

  private final BridgeConfig config;
  private final Duration timeout;
  private final Duration audioWindow;
  private final int eventWindow;
  private final LongSupplier clock;

  public KafkaSessionLookup(BridgeConfig config, Duration timeout, Duration audioWindow) {
    this(config, timeout, audioWindow, EVENT_WINDOW, System::currentTimeMillis);
  }

  KafkaSessionLookup(
      BridgeConfig config,
      Duration timeout,
      Duration audioWindow,
      int eventWindow,
      LongSupplier clock) {
    if (timeout.isNegative() || timeout.isZero() || audioWindow.isNegative() || eventWindow < 1) {
      throw new IllegalArgumentException(
          "session lookup needs a positive timeout and windows, got timeout "
              + timeout
              + ", audio window "
              + audioWindow
              + ", event window "
              + eventWindow);
    }
    this.config = config;
    this.timeout = timeout;
    this.audioWindow = audioWindow;
    this.eventWindow = eventWindow;
    this.clock = clock;
  }

  @Override
  public Optional<OpenSession> find(String sessionId) throws InterruptedException {
    SessionTail tail = tail(sessionId, true);
    return tail == null ? Optional.empty() : tail.openSession();
  }

  @Override
  public boolean publishedFrom(String sessionId, long sequence) throws InterruptedException {
    SessionTail tail = tail(sessionId, false);
    return tail != null && tail.hasChunkFrom(sequence);
  }

  /**
   * The session's latest chunk within the audio window and, when asked and there is one, its latest
   * session event; null (logged) when Kafka did not answer in time.
   */
  private SessionTail tail(String sessionId, boolean withEvent) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] key = sessionId.getBytes(StandardCharsets.UTF_8);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      long since = clock.getAsLong() - audioWindow.toMillis();
      AudioChunk lastChunk =
          last(
              consumer,
              config.topics().audio(),
              key,
              deadline,
              tp -> firstSince(consumer, tp, since, deadline),
              AvroCodec.audioChunk()::decode);
      SessionEvent lastEvent =
          !withEvent || lastChunk == null // without recent audio there is nothing to continue
              ? null
              : last(
                  consumer,
                  config.topics().sessionEvents(),
                  key,
                  deadline,
                  tp -> windowStart(consumer, tp, deadline),
                  AvroCodec.sessionEvent()::decode);
      return new SessionTail(lastEvent, lastChunk);
    } catch (InterruptException e) {
      throw new InterruptedException("looking up session " + sessionId + " was interrupted");
    } catch (KafkaException e) {
      LOG.warn(
          "session {}: could not look it up in Kafka at {} within {} ms ({}); taken as not found",
          sessionId,
          config.bootstrapServers(),
          timeout.toMillis(),
          e.toString());
      return null;
    } finally {
      consumer.close(Duration.ZERO); // no group to leave, nothing to commit
    }
  }

  /**
   * The latest decodable record keyed {@code key} in the key's partition of {@code topic}, from the
   * offset {@code start} gives (null: nothing to read) to the partition's end as found now; null
   * when none.
   */
  private <T> T last(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      byte[] key,
      long deadline,
      Function<TopicPartition, Long> start,
      Function<byte[], T> decode) {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, remaining(deadline));
    if (partitions == null || partitions.isEmpty()) {
      return null; // the topic does not exist (yet): nothing was published there
    }
    TopicPartition tp =
        new TopicPartition(
            topic, SessionPartition.of(new String(key, StandardCharsets.UTF_8), partitions.size()));
    consumer.assign(List.of(tp));
    long end = consumer.endOffsets(List.of(tp), remaining(deadline)).get(tp);
    Long from = start.apply(tp);
    if (from == null || from >= end) {
      return null;
    }
    consumer.seek(tp, from);
    T last = null;
    while (consumer.position(tp, remaining(deadline)) < end) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(pollTime(deadline))) {
        if (r.offset() < end && Arrays.equals(key, r.key())) {
          try {
            last = decode.apply(r.value());
          } catch (UndecodableRecordException e) {
            LOG.debug("skipping {} at {}: {}", tp, r.offset(), e.getMessage());
          }
        }
      }
    }
    return last;
  }

  /** The first record stamped at or after {@code sinceMillis}; null when none is that recent. */
  private Long firstSince(
      KafkaConsumer<?, ?> consumer, TopicPartition tp, long sinceMillis, long deadline) {
    OffsetAndTimestamp at =
        consumer.offsetsForTimes(Map.of(tp, sinceMillis), remaining(deadline)).get(tp);
    return at == null ? null : at.offset();
  }

  /** {@code eventWindow} records before the partition's end (or its beginning). */
  private Long windowStart(KafkaConsumer<?, ?> consumer, TopicPartition tp, long deadline) {
    long begin = consumer.beginningOffsets(List.of(tp), remaining(deadline)).get(tp);
    long end = consumer.endOffsets(List.of(tp), remaining(deadline)).get(tp);
    return Math.max(begin, end - eventWindow);
  }

  private Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("the lookup took longer than " + timeout.toMillis() + " ms");
    }
    return Duration.ofNanos(left);
  }

  private Duration pollTime(long deadline) {
    Duration left = remaining(deadline);
    return left.compareTo(Duration.ofMillis(200)) < 0 ? left : Duration.ofMillis(200);
  }

  private Properties properties() {
    Properties p = new Properties();
    p.putAll(config.kafkaClient());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "captionflow-bridge-resume-" + UUID.randomUUID().toString().substring(0, 8));
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout.toMillis()));
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    return p;
  }
}
