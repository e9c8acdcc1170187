package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.PcmCodec;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.TestData;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket ingest against a real broker: concurrent rooms, reconnects, grace expiry, auth and
 * bad input.
 */
class WebSocketIngestITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token-1";

  private static TestKafka.Broker broker;
  private static Topics topics;
  private static KafkaAudioPublisher publisher;
  private static IngestServer server;
  private static WebSocketClient client;

  @BeforeAll
  static void start() throws Exception {
    broker = TestKafka.shared();
    topics = TestTopics.create(broker, 3);
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
    publisher = new KafkaAudioPublisher(config);
    IngestServerConfig serverConfig =
        new IngestServerConfig(
            "127.0.0.1",
            0,
            PublishTokens.of(TOKEN + ", other-token"),
            Duration.ofSeconds(2),
            64 * 1024,
            Duration.ofSeconds(5));
    server = new IngestServer(serverConfig, publisher, 100, System::currentTimeMillis).start();
    client = new WebSocketClient();
    client.start();
  }

  @AfterAll
  static void stop() throws Exception {
    client.stop();
    server.close();
    publisher.close();
  }

  @Test
  void twoRoomsWithDifferentLanguagesPublishConcurrently() throws Exception {
    byte[] wav16 = Files.readAllBytes(TestData.speech("0.wav"));
    byte[] pcm16 = Arrays.copyOfRange(wav16, 44, wav16.length);
    PcmAudio eightK = WavReader.read(TestData.speech("8k.wav"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // hall-a: binary PCM16 frames at 16 kHz, then {"type":"end"}
      Future<?> a =
          pool.submit(
              () -> {
                TestPublisherClient c = connect("hall-a", "lang=en&mode=speedy", TOKEN);
                assertEquals("ready", JSON.readTree(c.nextMessage()).get("type").asText());
                for (int pos = 0; pos < pcm16.length; pos += 3200) {
                  c.sendBinary(Arrays.copyOfRange(pcm16, pos, Math.min(pcm16.length, pos + 3200)));
                }
                c.sendText("{\"type\":\"end\"}");
                JsonNode ended = JSON.readTree(c.nextMessage());
                assertEquals("ended", ended.get("type").asText());
                assertEquals(1000, c.awaitClose().code());
                return null;
              });
      // hall-b: JSON f32 audio at 8 kHz, 0.1 s per message, the last one final
      Future<?> b =
          pool.submit(
              () -> {
                TestPublisherClient c = connect("hall-b", "lang=de", TOKEN);
                JsonNode ready = JSON.readTree(c.nextMessage());
                assertEquals("de", ready.get("language").asText());
                float[] s = eightK.samples();
                for (int pos = 0; pos < s.length; pos += 800) {
                  int end = Math.min(s.length, pos + 800);
                  String data =
                      Base64.getEncoder().encodeToString(PcmCodec.encodeF32(s, pos, end - pos));
                  c.sendText(
                      "{\"type\":\"audio\",\"data\":\""
                          + data
                          + "\",\"encoding\":\"f32\",\"sample_rate\":8000,"
                          + "\"final\":"
                          + (end == s.length)
                          + "}");
                }
                assertEquals("ended", JSON.readTree(c.nextMessage()).get("type").asText());
                assertEquals(1000, c.awaitClose().code());
                return null;
              });
      a.get(60, TimeUnit.SECONDS);
      b.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertArrayEquals(pcm16, concat(chunksOf("hall-a")));
    float[] resampled = Resampler.of(8000, 16000).resample(eightK.samples());
    assertArrayEquals(PcmCodec.encodePcm16(resampled), concat(chunksOf("hall-b")));

    List<SessionEvent> hallA = eventsOf("hall-a", 2);
    assertEquals(SessionEventType.START, hallA.get(0).getType());
    assertEquals("en", hallA.get(0).getLanguage());
    assertEquals("speedy", hallA.get(0).getLatencyMode());
    assertEquals("ws:hall-a", hallA.get(0).getSourceDescription());
    assertEquals(SessionEventType.END, hallA.get(1).getType());
    List<SessionEvent> hallB = eventsOf("hall-b", 2);
    assertEquals("de", hallB.get(0).getLanguage());
    assertEquals(SessionEventType.END, hallB.get(1).getType());
  }

  @Test
  void reconnectingContinuesTheSessionAndANewLanguageStartsAgain() throws Exception {
    byte[] second = new byte[32000]; // 1 s of PCM16
    TestPublisherClient first = connect("rejoin", "lang=en", TOKEN);
    assertEquals(0, JSON.readTree(first.nextMessage()).get("next_sequence").asLong());
    first.sendBinary(second);
    first.closeNormally(); // a plain disconnect: the session stays open for the grace period

    TestPublisherClient again = connect("rejoin", "lang=fr", TOKEN);
    JsonNode ready = JSON.readTree(again.nextMessage());
    assertTrue(ready.get("resumed").asBoolean());
    assertEquals(10, ready.get("next_sequence").asLong());
    assertEquals("fr", ready.get("language").asText());
    again.sendBinary(second);
    again.sendText("{\"type\":\"config\",\"lang\":\"es\",\"mode\":\"low-latency\"}");
    assertEquals("configured", JSON.readTree(again.nextMessage()).get("type").asText());
    again.sendText("{\"type\":\"end\"}");
    assertEquals(1000, again.awaitClose().code());

    List<AudioChunk> chunks = chunksOf("rejoin");
    assertEquals(
        21, chunks.size()); // 2 s = 20 chunks, numbered on across the reconnect, plus end-of-stream
    assertEquals(64000, concat(chunks).length);
    List<SessionEvent> events = eventsOf("rejoin", 4);
    assertEquals(
        List.of("START en", "START fr", "START es", "END es"),
        events.stream().map(e -> e.getType() + " " + e.getLanguage()).toList());
    assertEquals("low-latency", events.get(2).getLatencyMode());
  }

  @Test
  void aPublisherThatNeverReturnsIsEndedAfterTheGracePeriod() throws Exception {
    TestPublisherClient c = connect("vanished", "", TOKEN);
    c.nextMessage();
    c.sendBinary(new byte[16000]); // 0.5 s
    c.closeNormally();
    List<AudioChunk> chunks =
        chunksOf("vanished"); // waits for the end-of-stream chunk the bridge adds
    assertEquals(6, chunks.size());
    assertEquals(16000, concat(chunks).length);
    assertEquals(SessionEventType.END, eventsOf("vanished", 2).get(1).getType());
  }

  @Test
  void unauthorizedPublishersAreClosedWith4401() throws Exception {
    TestPublisherClient none = connect("locked", "", null);
    TestPublisherClient.Closed noToken = none.awaitClose();
    assertEquals(4401, noToken.code());
    assertTrue(noToken.reason().contains("publish token is required"), noToken.reason());

    TestPublisherClient wrong = connect("locked", "", "s3cret-token-2");
    TestPublisherClient.Closed wrongToken = wrong.awaitClose();
    assertEquals(4401, wrongToken.code());
    assertEquals("unauthorized: publish token not accepted", wrongToken.reason());

    // a browser passes the token in the query string instead of a header
    TestPublisherClient query = connect("locked", "token=other-token", null);
    assertEquals("ready", JSON.readTree(query.nextMessage()).get("type").asText());
    query.sendText("{\"type\":\"end\"}");
    assertEquals(1000, query.awaitClose().code());
  }

  @Test
  void badInputIsRefusedWithACloseCodeAndNothingOfItIsPublished() throws Exception {
    assertRefused("bad$room", "", 4400, "invalid room name");
    assertRefused("x".repeat(129), "", 4400, "invalid room name");
    assertRefused("rate-room", "sample_rate=5", 4400, "absurd sample rate 5 Hz");
    assertRefused("lang-room", "lang=not%20a%20language", 4400, "invalid language");

    TestPublisherClient busyOwner = connect("busy", "", TOKEN);
    busyOwner.nextMessage();
    TestPublisherClient intruder = connect("busy", "", TOKEN);
    assertEquals(4409, intruder.awaitClose().code());
    busyOwner.sendText("{\"type\":\"end\"}");
    busyOwner.awaitClose();

    TestPublisherClient c = connect("strict", "", TOKEN);
    c.nextMessage();
    c.sendBinary(new byte[3200]); // one whole chunk, accepted
    c.sendBinary(new byte[3201]); // odd length: refused as a whole
    TestPublisherClient.Closed odd = c.awaitClose();
    assertEquals(4400, odd.code());
    assertTrue(
        odd.reason().contains("3201 bytes is not a whole number of 2-byte pcm16 samples"),
        odd.reason());

    assertMessageRefused(
        "strict", "{\"type\":\"audio\",\"data\":\"@@@\"}", 4400, "not valid base64");
    assertMessageRefused(
        "strict",
        "{\"type\":\"audio\",\"data\":\"AAAA\",\"sample_rate\":99999999}",
        4400,
        "absurd sample rate");
    assertMessageRefused(
        "strict",
        "{\"type\":\"audio\",\"data\":\"AAAA\",\"encoding\":\"mp3\"}",
        4400,
        "unsupported encoding 'mp3'");
    assertMessageRefused("strict", "not json", 4400, "not valid JSON");
    assertMessageRefused("strict", "{\"type\":\"dance\"}", 4400, "unknown message type 'dance'");

    TestPublisherClient big = rejoin("strict");
    big.nextMessage();
    big.sendBinary(new byte[64 * 1024 + 2]); // over the server's frame limit
    assertEquals(1009, big.awaitClose().code());

    TestPublisherClient last = rejoin("strict");
    assertEquals(1, JSON.readTree(last.nextMessage()).get("next_sequence").asLong());
    last.sendText("{\"type\":\"end\"}");
    last.awaitClose();
    List<AudioChunk> chunks = chunksOf("strict");
    assertEquals(
        2,
        chunks.size()); // the accepted chunk and the end-of-stream chunk: no trace of the refused
    // input
    assertEquals(3200, concat(chunks).length);
  }

  @Test
  void aConnectionRefusedOnItsFirstMessageCreatesNoSession() throws Exception {
    TestPublisherClient bad = connect("refused-first", "", TOKEN);
    bad.nextMessage();
    bad.sendText("not json");
    assertEquals(4400, bad.awaitClose().code());

    String nan = // f32 samples 0.0 and NaN
        Base64.getEncoder().encodeToString(PcmCodec.encodeF32(new float[] {0f, Float.NaN}));
    TestPublisherClient poisoned = connect("refused-nan", "", TOKEN);
    poisoned.nextMessage();
    poisoned.sendText("{\"type\":\"audio\",\"data\":\"" + nan + "\",\"encoding\":\"f32\"}");
    TestPublisherClient.Closed closed = poisoned.awaitClose();
    assertEquals(4400, closed.code());
    assertEquals(
        "in this block of audio, sample 1 (at 0.000 s) is NaN: audio samples must be finite"
            + " numbers; refused",
        closed.reason());

    assertEquals(
        List.of(),
        server.rooms().openRooms().stream().filter(r -> r.startsWith("refused-")).toList());
    TestPublisherClient later = connect("refused-first", "", TOKEN); // a fresh session, not resumed
    assertEquals(false, JSON.readTree(later.nextMessage()).get("resumed").asBoolean());
    later.sendBinary(new byte[3200]);
    later.sendText("{\"type\":\"end\"}");
    assertEquals(1000, later.awaitClose().code());
    // the session that did publish is the only one the topic ever saw under these names
    assertEquals(
        List.of("refused-first START", "refused-first END"),
        KafkaRecords.read(
                broker.bootstrapServers(),
                topics.sessionEvents(),
                AvroCodec.sessionEvent(),
                list ->
                    list.stream()
                        .anyMatch(
                            e ->
                                e.getSessionId().equals("refused-first")
                                    && e.getType() == SessionEventType.END),
                Duration.ofSeconds(30))
            .stream()
            .filter(e -> e.getSessionId().startsWith("refused-"))
            .map(e -> e.getSessionId() + " " + e.getType())
            .toList());
  }

  @Test
  void diarizationQueryParametersReachTheStartEventAndBadOnesAreRefused() throws Exception {
    TestPublisherClient c = connect("panel", "lang=en&diarization=on&speakers=2", TOKEN);
    JsonNode ready = JSON.readTree(c.nextMessage());
    assertEquals(true, ready.get("diarization").asBoolean());
    assertEquals(2, ready.get("speakers").asInt());
    c.sendText("{\"type\":\"end\"}");
    assertEquals(1000, c.awaitClose().code());
    SessionEvent start = eventsOf("panel", 2).get(0);
    assertEquals(true, start.getDiarization());
    assertEquals(2, start.getMaxSpeakers());

    assertRefused(
        "panel-2", "diarization=maybe", 4400, "invalid diarization 'maybe': expected on or off");
    assertRefused(
        "panel-3",
        "diarization=on&speakers=9",
        4400,
        "invalid number of speakers 9: expected 1 to 4");
    assertRefused("panel-4", "speakers=2", 4400, "speakers=2 needs diarization=on");
  }

  @Test
  void enhanceOnEndReachesTheStartEventAndABadValueIsRefused() throws Exception {
    TestPublisherClient c = connect("keynote", "lang=en&enhance_on_end=true", TOKEN);
    JsonNode ready = JSON.readTree(c.nextMessage());
    assertEquals(true, ready.get("enhance_on_end").asBoolean());
    c.sendText("{\"type\":\"end\"}");
    assertEquals(1000, c.awaitClose().code());
    assertEquals(true, eventsOf("keynote", 2).get(0).getEnhanceOnEnd());
    assertRefused(
        "keynote-2",
        "enhance_on_end=yes",
        4400,
        "invalid enhance_on_end 'yes': expected true or false");
  }

  @Test
  void healthEndpointsAnswerAndOtherPathsAreNotFound() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (String path : List.of("/health", "/health/live")) {
      java.net.http.HttpResponse<String> health =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + path))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), path);
      assertEquals("ok\n", health.body(), path);
    }
    for (String path : List.of("/healthz", "/elsewhere")) {
      assertEquals(
          404,
          http.send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + path))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .statusCode(),
          path);
    }
  }

  private static void assertRefused(String room, String query, int code, String reason)
      throws Exception {
    TestPublisherClient c = connect(room, query, TOKEN);
    TestPublisherClient.Closed closed = c.awaitClose();
    assertEquals(code, closed.code(), closed.reason());
    assertTrue(closed.reason().contains(reason), closed.reason());
  }

  private static void assertMessageRefused(String room, String message, int code, String reason)
      throws Exception {
    TestPublisherClient c = rejoin(room);
    c.nextMessage();
    c.sendText(message);
    TestPublisherClient.Closed closed = c.awaitClose();
    assertEquals(code, closed.code(), closed.reason());
    assertTrue(closed.reason().contains(reason), closed.reason());
  }

  /**
   * Connects and waits for "ready", retrying while the previous connection of the room is still
   * closing (4409).
   */
  private static TestPublisherClient rejoin(String room) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      TestPublisherClient c = connect(room, "", TOKEN);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        String first = c.messages.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          c.messages.add(first);
          return c;
        }
        if (c.closed.isDone()) {
          if (c.closed.get().code() != 4409) {
            throw new AssertionError("closed with " + c.closed.get());
          }
          break;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("room " + room + " stayed busy");
  }

  private static TestPublisherClient connect(String room, String query, String token)
      throws Exception {
    TestPublisherClient c = new TestPublisherClient();
    ClientUpgradeRequest request =
        new ClientUpgradeRequest(
            URI.create(
                "ws://127.0.0.1:"
                    + server.port()
                    + "/ws/ingest/"
                    + room
                    + (query.isEmpty() ? "" : "?" + query)));
    if (token != null) {
      request.setHeader("Authorization", "Bearer " + token);
    }
    client.connect(c, request).get(10, TimeUnit.SECONDS);
    return c;
  }

  private static List<AudioChunk> chunksOf(String session) {
    return KafkaRecords.chunksOf(broker.bootstrapServers(), topics.audio(), session);
  }

  private static List<SessionEvent> eventsOf(String session, int count) {
    return KafkaRecords.eventsOf(broker.bootstrapServers(), topics.sessionEvents(), session, count);
  }

  private static byte[] concat(List<AudioChunk> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      assertEquals(i, chunks.get(i).getSequence(), "sequence");
      assertEquals(
          i == chunks.size() - 1, chunks.get(i).getEndOfStream(), "end of stream only last");
      byte[] b = new byte[chunks.get(i).getPcm().remaining()];
      chunks.get(i).getPcm().duplicate().get(b);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }
}
