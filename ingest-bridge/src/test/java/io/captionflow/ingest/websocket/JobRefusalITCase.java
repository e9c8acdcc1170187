package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.JobStatuses;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import io.captionflow.testsupport.TestTopics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/** The job's REFUSED status on the segments topic closes the room it names, and only that room. */
class JobRefusalITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] CHUNK = new byte[3200]; // 100 ms of 16 kHz PCM16

  @Test
  void refusedRoomIsClosedWith4503AndPublishesNothingMoreWhileOtherRoomsGoOn() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    Topics topics = TestTopics.create(broker, 3);
    broker.createTopics(List.of(topics.segments()), 3);
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
    String reason =
        "session limit reached: 2 of 2 sessions on subtask 0 — réessayez plus tard ✋ "
            + "(raise --max-sessions or add task managers); "
            + "a reason longer than a WebSocket close frame allows";
    WebSocketClient client = new WebSocketClient();
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        IngestServer server =
            new IngestServer(serverConfig(), publisher, 100, System::currentTimeMillis).start();
        KafkaProducer<String, byte[]> job = TestProducers.keyed(broker.bootstrapServers())) {
      client.start();
      TestPublisherClient refused = connect(client, server, "refused-room");
      TestPublisherClient other = connect(client, server, "open-room");
      for (int i = 0; i < 5; i++) {
        refused.sendBinary(CHUNK);
        other.sendBinary(CHUNK);
      }
      awaitChunks(broker, topics, "refused-room", 5);

      // the same partition for both, so the other session's refusal is read first
      job.send(JobStatuses.refusal(topics, "someone-else", 0, "not this room"))
          .get(10, TimeUnit.SECONDS);
      job.send(JobStatuses.refusal(topics, "refused-room", 0, reason)).get(10, TimeUnit.SECONDS);

      TestPublisherClient.Closed closed = refused.awaitClose();
      assertEquals(CloseCodes.REFUSED_BY_JOB, closed.code());
      assertEquals(CloseReason.truncate(reason), closed.reason());
      assertTrue(CloseReason.utf8Length(closed.reason()) <= CloseReason.MAX_BYTES);
      assertFalse(server.rooms().openRooms().contains("refused-room"));
      assertTrue(server.rooms().openRooms().contains("open-room"));

      // the other room publishes on and ends normally
      other.sendBinary(CHUNK);
      other.sendText("{\"type\":\"end\"}");
      assertEquals("ended", JSON.readTree(other.nextMessage()).get("type").asText());
      assertEquals(1000, other.awaitClose().code());
      assertEquals(
          LongStream.rangeClosed(0, 6).boxed().toList(),
          KafkaRecords.chunksOf(broker.bootstrapServers(), topics.audio(), "open-room").stream()
              .map(AudioChunk::getSequence)
              .toList());
      assertEquals(
          "1", MetricsEndpointITCase.scrape(server).get("captionflow_bridge_rooms_refused_total"));
    } finally {
      client.stop();
    }
    // the server has closed (which ends every open session): still nothing more of the room
    List<AudioChunk> chunks =
        KafkaRecords.readAll(broker.bootstrapServers(), topics.audio(), AvroCodec.audioChunk())
            .stream()
            .filter(c -> c.getSessionId().equals("refused-room"))
            .toList();
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 4L), chunks.stream().map(AudioChunk::getSequence).toList());
    assertFalse(chunks.stream().anyMatch(AudioChunk::getEndOfStream));
    List<SessionEventType> events =
        KafkaRecords.readAll(
                broker.bootstrapServers(), topics.sessionEvents(), AvroCodec.sessionEvent())
            .stream()
            .filter(e -> e.getSessionId().equals("refused-room"))
            .map(SessionEvent::getType)
            .toList();
    assertEquals(List.of(SessionEventType.START), events);
  }

  private static IngestServerConfig serverConfig() {
    return new IngestServerConfig(
        "127.0.0.1",
        0,
        PublishTokens.openMode(),
        Duration.ofSeconds(30),
        64 * 1024,
        Duration.ofSeconds(5));
  }

  private static TestPublisherClient connect(
      WebSocketClient client, IngestServer server, String room) throws Exception {
    TestPublisherClient c = new TestPublisherClient();
    client
        .connect(
            c,
            new ClientUpgradeRequest(
                URI.create("ws://127.0.0.1:" + server.port() + "/ws/ingest/" + room)))
        .get(10, TimeUnit.SECONDS);
    assertEquals("ready", JSON.readTree(c.nextMessage()).get("type").asText());
    return c;
  }

  private static List<AudioChunk> awaitChunks(
      TestKafka.Broker broker, Topics topics, String session, int count) {
    return KafkaRecords.read(
        broker.bootstrapServers(),
        topics.audio(),
        AvroCodec.audioChunk(),
        list -> list.stream().filter(c -> c.getSessionId().equals(session)).count() >= count,
        Duration.ofSeconds(20));
  }
}
