package io.captionflow.ingest.publish;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import java.time.Duration;
import java.util.Properties;
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
 * Publishes audio chunks and session events to Kafka, keyed by session id, with an idempotent producer
 * ({@code acks=all}, at most 5 requests in flight) so retries neither duplicate nor reorder a session's chunks.
 *
 * <p>At most {@code bufferChunks} records may wait for the broker's acknowledgement. When the broker is
 * unreachable that bound fills up and {@link #publish} blocks, which slows the source down; a source held back
 * longer than it may wait gets a {@link PublishBufferFullException}, and the records already taken stay queued.
 */
public final class KafkaAudioPublisher implements AudioSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAudioPublisher.class);

    private final Producer<String, byte[]> producer;
    private final BridgeConfig config;
    private final Semaphore space;
    private final AvroCodec<AudioChunk> chunkCodec = AvroCodec.audioChunk();
    private final AvroCodec<SessionEvent> eventCodec = AvroCodec.sessionEvent();
    private final AtomicReference<PublishFailedException> failure = new AtomicReference<>();
    private final AtomicLong heldBack = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();

    public KafkaAudioPublisher(BridgeConfig config) {
        this.config = config;
        this.space = new Semaphore(config.bufferChunks(), true);
        this.producer = new KafkaProducer<>(producerProperties(config), new StringSerializer(), new ByteArraySerializer());
    }

    static Properties producerProperties(BridgeConfig config) {
        Properties p = new Properties();
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
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1000, config.maxBlock().toMillis()));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    @Override
    public void publish(AudioChunk chunk, Duration maxWait) throws InterruptedException {
        send(config.topics().audio(), chunk.getSessionId(), chunkCodec.encode(chunk), maxWait,
                "chunk " + chunk.getSequence() + " of session " + chunk.getSessionId());
    }

    @Override
    public void publish(SessionEvent event, Duration maxWait) throws InterruptedException {
        send(config.topics().sessionEvents(), event.getSessionId(), eventCodec.encode(event), maxWait,
                event.getType() + " event of session " + event.getSessionId());
    }

    private void send(String topic, String key, byte[] value, Duration maxWait, String what) throws InterruptedException {
        throwIfFailed();
        if (!space.tryAcquire()) {
            heldBack.incrementAndGet();
            if (!space.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throwIfFailed();
                throw new PublishBufferFullException("publish buffer full: " + bufferedRecords() + " records (bound "
                        + config.bufferChunks() + ") not acknowledged by Kafka at " + config.bootstrapServers()
                        + " for " + maxWait.toMillis() + " ms; is the broker reachable? (" + what + " was not sent)");
            }
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                space.release();
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else if (failure.compareAndSet(null, new PublishFailedException(
                        what + " was not delivered to topic " + topic + ": " + error.getMessage(), error))) {
                    LOG.error("{} was not delivered to topic {}: {}", what, topic, error.toString());
                }
            });
        } catch (TimeoutException e) {
            space.release();
            throw new PublishBufferFullException("Kafka at " + config.bootstrapServers() + " did not answer in time ("
                    + e.getMessage() + "); is the broker reachable? (" + what + " was not sent)");
        } catch (KafkaException e) {
            space.release();
            throw new PublishFailedException(what + " could not be sent to topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Waits until every record handed over so far is acknowledged (or failed). */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /** Records handed over but not yet acknowledged. */
    public int bufferedRecords() {
        return config.bufferChunks() - space.availablePermits();
    }

    /** The buffer bound in records. */
    public int capacity() {
        return config.bufferChunks();
    }

    /** How many times a source had to wait for buffer space (back-pressure applied). */
    public long heldBackCount() {
        return heldBack.get();
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

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
