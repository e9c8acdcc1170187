package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bridge process killed with a room's session open: the next process the room connects to
 * continues that session from the audio topic; a session that ended starts anew. A publisher that
 * moves to another bridge within the grace period goes on there, and the first bridge does not end
 * the session behind it.
 */
class BridgeRestartITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] CHUNK = new byte[3200]; // 100 ms of 16 kHz PCM16

  private final TestKafka.Broker broker = TestKafka.shared();
  private final WebSocketClient client = new WebSocketClient();
  private Topics topics;
  private BridgeConfig config;

  @BeforeEach
  void start() throws Exception {
    topics = TestTopics.create(broker, 3);
    config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
  }

  @Test
  void aSessionLeftOpenByAKilledBridgeGoesOnInTheNextOneAndAnEndedOneStartsAnew() throws Exception {
    // bridge 1: 5 chunks, then killed: its publisher is gone before the server could end anything
    KafkaAudioPublisher firstPublisher = new KafkaAudioPublisher(config);
    IngestServer first = server(firstPublisher);
    TestPublisherClient encoder = connect(first, "hall");
    assertEquals(0, ready(encoder).get("next_sequence").asLong());
    for (int i = 0; i < 5; i++) {
      encoder.sendBinary(CHUNK);
    }
    awaitChunks(5);
    firstPublisher.close();
    first.close(); // its END cannot go out any more, as after kill -9
    assertEquals(List.of(SessionEventType.START), eventTypes());

    // bridge 2: the encoder reconnects and the session goes on
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer second = server(publisher)) {
      TestPublisherClient again = connect(second, "hall");
      JsonNode ready = ready(again);
      assertEquals(true, ready.get("resumed").asBoolean());
      assertEquals(5, ready.get("next_sequence").asLong());
      assertEquals("de", ready.get("language").asText()); // the session's own settings
      for (int i = 0; i < 3; i++) {
        again.sendBinary(CHUNK);
      }
      again.sendText("{\"type\":\"end\"}");
      assertEquals("ended", JSON.readTree(again.nextMessage()).get("type").asText());
      publisher.flush();
    }
    List<AudioChunk> chunks = chunksOfHall();
    assertEquals(LongStream.rangeClosed(0, 8).boxed().toList(), sequences(chunks));
    assertEquals(List.of(8L), endOfStream(chunks));
    List<SessionEvent> events = eventsOfHall();
    assertEquals(List.of(SessionEventType.START, SessionEventType.END), types(events));
    assertEquals(8L, events.get(1).getLastSequence());

    // bridge 3: the session ended, so the room starts a new one, from 0 with a START
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer third = server(publisher)) {
      TestPublisherClient later = connect(third, "hall");
      JsonNode ready = ready(later);
      assertEquals(false, ready.get("resumed").asBoolean());
      assertEquals(0, ready.get("next_sequence").asLong());
      later.sendBinary(CHUNK);
      later.sendText("{\"type\":\"end\"}");
      assertEquals("ended", JSON.readTree(later.nextMessage()).get("type").asText());
      publisher.flush();
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 0L, 1L), sequences(chunksOfHall()));
    assertEquals(
        List.of(
            SessionEventType.START,
            SessionEventType.END,
            SessionEventType.START,
            SessionEventType.END),
        types(eventsOfHall()));
  }

  @Test
  void aPublisherMovingToAnotherBridgeWithinTheGracePeriodKeepsItsSessionThere() throws Exception {
    try (KafkaAudioPublisher firstPublisher = new KafkaAudioPublisher(config);
        IngestServer first = server(firstPublisher, Duration.ofSeconds(2));
        KafkaAudioPublisher secondPublisher = new KafkaAudioPublisher(config);
        IngestServer second = server(secondPublisher, Duration.ofSeconds(30))) {
      TestPublisherClient encoder = connect(first, "hall");
      ready(encoder);
      for (int i = 0; i < 4; i++) {
        encoder.sendBinary(CHUNK);
      }
      awaitChunks(4);
      encoder.closeNormally(); // the first bridge keeps the session open for 2 s

      TestPublisherClient moved = connect(second, "hall");
      assertEquals(4, ready(moved).get("next_sequence").asLong());
      for (int i = 0; i < 3; i++) {
        moved.sendBinary(CHUNK);
      }
      awaitChunks(7);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (first.rooms().isOpen("hall")) { // its grace period passes: no END from there
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the first bridge still holds the room after 20 s");
        }
        Thread.sleep(50);
      }
      firstPublisher.flush();
      moved.sendBinary(CHUNK);
      moved.sendText("{\"type\":\"end\"}");
      assertEquals("ended", JSON.readTree(moved.nextMessage()).get("type").asText());
      secondPublisher.flush();
    }
    List<AudioChunk> chunks = chunksOfHall();
    assertEquals(LongStream.rangeClosed(0, 8).boxed().toList(), sequences(chunks));
    assertEquals(List.of(8L), endOfStream(chunks));
    List<SessionEvent> events = eventsOfHall();
    assertEquals(List.of(SessionEventType.START, SessionEventType.END), types(events));
    assertEquals(8L, events.get(1).getLastSequence());
  }

  private IngestServer server(KafkaAudioPublisher publisher) throws Exception {
    return server(publisher, Duration.ofSeconds(30));
  }

  private IngestServer server(KafkaAudioPublisher publisher, Duration grace) throws Exception {
    return new IngestServer(
            new IngestServerConfig(
                "127.0.0.1", 0, PublishTokens.openMode(), grace, 64 * 1024, Duration.ofSeconds(5)),
            publisher,
            100,
            System::currentTimeMillis)
        .start();
  }

  private TestPublisherClient connect(IngestServer server, String room) throws Exception {
    TestPublisherClient c = new TestPublisherClient();
    client
        .connect(
            c,
            new ClientUpgradeRequest(
                URI.create("ws://127.0.0.1:" + server.port() + "/ws/ingest/" + room + "?lang=de")))
        .get(10, TimeUnit.SECONDS);
    return c;
  }

  private static JsonNode ready(TestPublisherClient c) throws Exception {
    JsonNode ready = JSON.readTree(c.nextMessage());
    assertEquals("ready", ready.get("type").asText());
    return ready;
  }

  private void awaitChunks(int count) {
    KafkaRecords.read(
        broker.bootstrapServers(),
        topics.audio(),
        AvroCodec.audioChunk(),
        list -> list.stream().filter(c -> c.getSessionId().equals("hall")).count() >= count,
        Duration.ofSeconds(20));
  }

  private List<AudioChunk> chunksOfHall() {
    return KafkaRecords.readAll(broker.bootstrapServers(), topics.audio(), AvroCodec.audioChunk())
        .stream()
        .filter(c -> c.getSessionId().equals("hall"))
        .toList();
  }

  private List<SessionEvent> eventsOfHall() {
    return KafkaRecords.readAll(
            broker.bootstrapServers(), topics.sessionEvents(), AvroCodec.sessionEvent())
        .stream()
        .filter(e -> e.getSessionId().equals("hall"))
        .toList();
  }

  private List<SessionEventType> eventTypes() {
    return types(eventsOfHall());
  }

  private static List<SessionEventType> types(List<SessionEvent> events) {
    return events.stream().map(SessionEvent::getType).toList();
  }

  private static List<Long> sequences(List<AudioChunk> chunks) {
    return chunks.stream().map(AudioChunk::getSequence).toList();
  }

  private static List<Long> endOfStream(List<AudioChunk> chunks) {
    return chunks.stream().filter(AudioChunk::getEndOfStream).map(AudioChunk::getSequence).toList();
  }
}
