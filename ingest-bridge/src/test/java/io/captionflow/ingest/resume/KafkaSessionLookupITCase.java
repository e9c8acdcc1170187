package io.captionflow.ingest.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.chunking.SessionChunker;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.SessionEvents;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import io.captionflow.testsupport.TestTopics;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Finding a session left open, on the embedded broker, within the lookup's bounds. */
class KafkaSessionLookupITCase {

  private static final StartSettings SETTINGS =
      new StartSettings("de", "low-latency", "ws:hall", true, 3, false);
  private static final Duration WINDOW = Duration.ofSeconds(30);

  private final TestKafka.Broker broker = TestKafka.shared();

  @Test
  void aSessionWithoutEndIsFoundWithItsLastChunkAndSettings() throws Exception {
    BridgeConfig config = config(TestTopics.create(broker, 3));
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config)) {
      SessionChunker hall = session("hall", publisher);
      SessionChunker other = session("other", publisher);
      hall.accept(new float[5 * 1600 + 700], 16_000); // 5 chunks, 700 samples never published
      other.accept(new float[3 * 1600], 16_000);
      other.end();
      publisher.flush();

      KafkaSessionLookup lookup = new KafkaSessionLookup(config, Duration.ofSeconds(10), WINDOW);
      assertEquals(Optional.of(new OpenSession(5, 5 * 1600, SETTINGS)), lookup.find("hall"));
      assertEquals(Optional.empty(), lookup.find("other")); // ended
      assertEquals(Optional.empty(), lookup.find("never-published"));
      assertEquals(true, lookup.publishedFrom("hall", 4));
      assertEquals(false, lookup.publishedFrom("hall", 5));
    }
  }

  @Test
  void aSessionSilentForLongerThanTheWindowIsNotContinued() throws Exception {
    Topics topics = TestTopics.create(broker, 3);
    BridgeConfig config = config(topics);
    long now = System.currentTimeMillis();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(
          producer, topics.sessionEvents(), now - 60_000, SessionEvents.start("hall", SETTINGS, 1));
      for (int seq = 0; seq < 3; seq++) {
        send(producer, topics.audio(), now - 40_000 + seq * 100, chunk("hall", seq));
      }
    }
    assertEquals(
        Optional.empty(),
        new KafkaSessionLookup(config, Duration.ofSeconds(10), WINDOW).find("hall"));
    assertEquals(
        Optional.of(new OpenSession(3, 3 * 1600, SETTINGS)),
        new KafkaSessionLookup(config, Duration.ofSeconds(10), Duration.ofSeconds(50))
            .find("hall"));
  }

  @Test
  void sessionEventsAreReadBackOnlyOverTheirWindow() throws Exception {
    Topics topics = TestTopics.create(broker, 1);
    BridgeConfig config = config(topics);
    long now = System.currentTimeMillis();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, topics.sessionEvents(), now, SessionEvents.start("hall", SETTINGS, 1));
      for (int i = 0; i < 20; i++) { // other sessions' events after it, on the one partition
        send(
            producer,
            topics.sessionEvents(),
            now,
            SessionEvents.start("room-" + i, new StartSettings("en", null, "ws"), 1));
      }
      send(producer, topics.audio(), now, chunk("hall", 0));
    }
    KafkaSessionLookup within =
        new KafkaSessionLookup(
            config, Duration.ofSeconds(10), WINDOW, 21, System::currentTimeMillis);
    KafkaSessionLookup beyond =
        new KafkaSessionLookup(
            config, Duration.ofSeconds(10), WINDOW, 20, System::currentTimeMillis);
    assertEquals(Optional.of(new OpenSession(1, 1600, SETTINGS)), within.find("hall"));
    assertEquals(Optional.of(new OpenSession(1, 1600, null)), beyond.find("hall"));
  }

  @Test
  void anUnreachableBrokerFindsNothingWithinTheTimeBound() throws Exception {
    String deadBootstrap;
    try (ServerSocket s = new ServerSocket(0)) {
      deadBootstrap = "127.0.0.1:" + s.getLocalPort(); // nothing listens there once closed
    }
    BridgeConfig config = config(Topics.DEFAULT).withBootstrapServers(deadBootstrap);
    KafkaSessionLookup lookup = new KafkaSessionLookup(config, Duration.ofSeconds(1), WINDOW);

    long started = System.nanoTime();
    Optional<OpenSession> found = lookup.find("hall");
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertEquals(Optional.empty(), found);
    assertTrue(tookMillis < 2500, "took " + tookMillis + " ms for a 1 s bound");
  }

  private BridgeConfig config(Topics topics) {
    return BridgeConfig.fromEnvironment(Map.of())
        .withBootstrapServers(broker.bootstrapServers())
        .withTopics(topics);
  }

  private static SessionChunker session(String id, KafkaAudioPublisher publisher) {
    return new SessionChunker(
        id, SETTINGS, publisher, 100, Duration.ofSeconds(5), System::currentTimeMillis);
  }

  private static AudioChunk chunk(String session, long sequence) {
    return AudioChunk.newBuilder()
        .setSessionId(session)
        .setSequence(sequence)
        .setSampleRate(16_000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(new byte[3200]))
        .setCaptureTimeMillis(1L)
        .setEndOfStream(false)
        .build();
  }

  private KafkaProducer<String, byte[]> producer() {
    return TestProducers.keyed(broker.bootstrapServers());
  }

  /** Keyed by session id with the default partitioner, stamped {@code timestamp}, as the bridge. */
  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, long timestamp, Object record)
      throws Exception {
    String key;
    byte[] value;
    if (record instanceof AudioChunk c) {
      key = c.getSessionId();
      value = AvroCodec.audioChunk().encode(c);
    } else {
      io.captionflow.schema.SessionEvent e = (io.captionflow.schema.SessionEvent) record;
      key = e.getSessionId();
      value = AvroCodec.sessionEvent().encode(e);
    }
    producer
        .send(new ProducerRecord<>(topic, null, timestamp, key, value))
        .get(10, TimeUnit.SECONDS);
  }
}
