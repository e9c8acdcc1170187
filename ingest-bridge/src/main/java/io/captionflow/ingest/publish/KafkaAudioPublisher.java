package io.captionflow.ingest.publish;

import io.captionflow.edge.metrics.LatencyHistogram;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes audio chunks and session events to Kafka, keyed by session id, with an idempotent
 * producer ({@code acks=all}, at most 5 requests in flight) so retries neither duplicate nor
 * reorder a session's chunks.
 *
 * <p>At most {@code bufferChunks} records may wait for the broker's acknowledgement (queued here or
 * inside the producer). When the broker is unreachable that bound fills up and {@link #publish}
 * blocks, which slows the source down; a source held back longer than it may wait gets a {@link
 * PublishBufferFullException} and its record is not taken. Records already taken are kept and
 * delivered when the broker returns (up to the delivery timeout).
 */
public final class KafkaAudioPublisher implements AudioPublisher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaAudioPublisher.class);

  private final Producer<String, byte[]> producer;
  private final BridgeConfig config;
  private final Semaphore space;
  private final AvroCodec<AudioChunk> chunkCodec = AvroCodec.audioChunk();
  private final AvroCodec<SessionEvent> eventCodec = AvroCodec.sessionEvent();
  private final AtomicReference<PublishFailedException> failure = new AtomicReference<>();
  private final AtomicLong heldBack = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong taken = new AtomicLong(); // records accepted from sources
  private final LinkedBlockingQueue<Outgoing> queue =
      new LinkedBlockingQueue<>(); // bounded by `space`
  private final Thread sender;
  private volatile boolean closed;
  private volatile boolean refused; // a source was turned away: the broker is not keeping up

  private final LatencyHistogram publishLatency = new LatencyHistogram();

  private record Outgoing(ProducerRecord<String, byte[]> record, String what, long takenNanos) {}

  private static final Outgoing STOP = new Outgoing(null, "stop", 0);

  public KafkaAudioPublisher(BridgeConfig config) {
    this.config = config;
    this.space = new Semaphore(config.bufferChunks(), true);
    this.producer =
        new KafkaProducer<>(
            producerProperties(config), new StringSerializer(), new ByteArraySerializer());
    this.sender = new Thread(this::sendLoop, "kafka-audio-publisher");
    sender.setDaemon(true);
    sender.start();
  }

  static Properties producerProperties(BridgeConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaClient());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "captionflow-ingest-bridge");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long delivery = config.deliveryTimeout().toMillis();
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, delivery - 10));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000); // only the sender thread blocks; it retries
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return p;
  }

  @Override
  public void publish(AudioChunk chunk, Duration maxWait) throws InterruptedException {
    send(
        config.topics().audio(),
        chunk.getSessionId(),
        chunkCodec.encode(chunk),
        maxWait,
        "chunk " + chunk.getSequence() + " of session " + chunk.getSessionId());
  }

  @Override
  public void publish(SessionEvent event, Duration maxWait) throws InterruptedException {
    send(
        config.topics().sessionEvents(),
        event.getSessionId(),
        eventCodec.encode(event),
        maxWait,
        event.getType() + " event of session " + event.getSessionId());
  }

  private void send(String topic, String key, byte[] value, Duration maxWait, String what)
      throws InterruptedException {
    throwIfFailed();
    if (closed) {
      throw new IllegalStateException("publisher is closed");
    }
    if (!space.tryAcquire()) {
      heldBack.incrementAndGet();
      if (!space.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throwIfFailed();
        refused = true;
        throw new PublishBufferFullException(
            "publish buffer full: "
                + bufferedRecords()
                + " records (bound "
                + config.bufferChunks()
                + ") not acknowledged by Kafka at "
                + config.bootstrapServers()
                + " for "
                + maxWait.toMillis()
                + " ms; is the broker reachable? ("
                + what
                + " was not sent)");
      }
    }
    taken.incrementAndGet();
    queue.add(new Outgoing(new ProducerRecord<>(topic, key, value), what, System.nanoTime()));
  }

  /**
   * The only thread that calls the producer: {@code send()} itself may block for metadata while the
   * broker is away, and that must not stall sources beyond the buffer bound. One thread keeps the
   * records in order.
   */
  private void sendLoop() {
    try {
      while (true) {
        Outgoing next = queue.take();
        if (next == STOP) {
          return;
        }
        sendUntilAccepted(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sendUntilAccepted(Outgoing out) throws InterruptedException {
    while (true) {
      // send() reports "no metadata" timeouts through the callback, synchronously on this thread:
      // such a
      // record was not accepted and is retried; callbacks of accepted records run on Kafka's I/O
      // thread
      boolean[] notAccepted = {false};
      try {
        producer.send(
            out.record(),
            (metadata, error) -> {
              if (error instanceof TimeoutException && Thread.currentThread() == sender) {
                notAccepted[0] = true;
                return;
              }
              space.release();
              if (error == null) {
                publishLatency.observeNanos(System.nanoTime() - out.takenNanos());
                acknowledged.incrementAndGet();
              } else if (failure.compareAndSet(
                  null,
                  new PublishFailedException(
                      out.what()
                          + " was not delivered to topic "
                          + out.record().topic()
                          + ": "
                          + error.getMessage(),
                      error))) {
                LOG.error(
                    "{} was not delivered to topic {}: {}",
                    out.what(),
                    out.record().topic(),
                    error.toString());
              }
            });
      } catch (TimeoutException e) {
        notAccepted[0] = true;
      } catch (KafkaException e) {
        space.release();
        failure.compareAndSet(
            null,
            new PublishFailedException(
                out.what()
                    + " could not be sent to topic "
                    + out.record().topic()
                    + ": "
                    + e.getMessage(),
                e));
        LOG.error("{} could not be sent: {}", out.what(), e.toString());
        return;
      }
      if (!notAccepted[0]) {
        return;
      }
      LOG.warn(
          "Kafka at {} unreachable, {} records buffered (bound {}); retrying",
          config.bootstrapServers(),
          bufferedRecords(),
          config.bufferChunks());
      Thread.sleep(100);
    }
  }

  /** Waits until every record handed over so far is acknowledged (or failed). */
  public void flush() throws InterruptedException {
    while (bufferedRecords() > 0 && failure.get() == null) {
      Thread.sleep(10);
    }
    producer.flush();
    throwIfFailed();
  }

  /** Records handed over but not yet acknowledged. */
  /** The settings it was created with. */
  public BridgeConfig config() {
    return config;
  }

  public int bufferedRecords() {
    return config.bufferChunks() - space.availablePermits();
  }

  /** The buffer bound in records. */
  public int capacity() {
    return config.bufferChunks();
  }

  /**
   * Why new publishers should go to another bridge, or empty while this one keeps up: the publisher
   * has failed (a record was not delivered; it takes no more), or at least 90 % of the buffer bound
   * awaits Kafka's acknowledgement, so sources are about to be held back. One line.
   */
  public Optional<String> notReadyReason() {
    Optional<String> failed = failureReason();
    if (failed.isPresent()) {
      return failed;
    }
    int buffered = bufferedRecords();
    if (buffered * 10L >= config.bufferChunks() * 9L) {
      return Optional.of(
          "publish buffer near its bound: "
              + buffered
              + " of "
              + config.bufferChunks()
              + " records not acknowledged by Kafka at "
              + config.bootstrapServers());
    }
    return Optional.empty();
  }

  /**
   * Why this publisher takes no more records (a record was not delivered), or empty while it works.
   * One line.
   */
  public Optional<String> failureReason() {
    PublishFailedException f = failure.get();
    return f == null
        ? Optional.empty()
        : Optional.of("publisher failed: " + f.getMessage().replaceAll("\\s*\\R\\s*", " "));
  }

  /** How many times a source had to wait for buffer space (back-pressure applied). */
  public long heldBackCount() {
    return heldBack.get();
  }

  /** Records taken from sources that the broker has not acknowledged (yet, or ever). */
  public long unacknowledgedRecords() {
    return taken.get() - acknowledged.get();
  }

  /** From taking a record to Kafka's acknowledgement of it. */
  public LatencyHistogram publishLatency() {
    return publishLatency;
  }

  /** Records acknowledged by the broker. */
  public long acknowledgedRecords() {
    return acknowledged.get();
  }

  private void throwIfFailed() {
    PublishFailedException f = failure.get();
    if (f != null) {
      throw f;
    }
  }

  /**
   * Stops after handing over what is queued, waiting up to 30 s for acknowledgements; when the
   * buffer has already overflowed (the broker is away) it stops at once and says how many records
   * are dropped.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean giveUp = refused || failure.get() != null;
    queue.add(STOP);
    try {
      sender.join(giveUp ? 100 : 30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.interrupt();
    producer.close(giveUp ? Duration.ZERO : Duration.ofSeconds(30));
    // counted after close: the producer flushes on close, and acknowledgements arrive until then
    long unacknowledged = unacknowledgedRecords();
    if (unacknowledged > 0) {
      LOG.error(
          "closing with {} records never acknowledged by Kafka at {}; they are lost",
          unacknowledged,
          config.bootstrapServers());
    }
  }
}
