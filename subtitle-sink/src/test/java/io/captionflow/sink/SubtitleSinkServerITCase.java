package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.export.SubtitleFileParser;
import io.captionflow.sink.export.SubtitleFileParser.Cue;
import io.captionflow.sink.session.SessionSummary;
import io.captionflow.sink.session.WireMessages;
import io.captionflow.testsupport.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink against a real broker: history, reconnect, dedupe, access, exports, API, transactions.
 */
class SubtitleSinkServerITCase {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ADMIN = "admin-token-1";
  private static final String STUDIO_TOKEN = "studio-token-2";

  private static TestKafka.Broker broker;
  private static Topics topics;
  private static SubtitleSinkServer sink;
  private static SegmentProducer producer;
  private static WebSocketClient client;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    broker = TestKafka.shared();
    topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    broker.createTopics(List.of(topics.segments()), 3);
    sink = new SubtitleSinkServer(sinkConfig()).start();
    producer = new SegmentProducer(broker.bootstrapServers(), topics.segments());
    client = new WebSocketClient();
    client.start();
  }

  private static SinkConfig sinkConfig() {
    return SinkConfig.defaults(broker.bootstrapServers(), topics)
        .withPort(0)
        .withHost("127.0.0.1")
        .withLimits(50, 100)
        .withAccess(SubscribeTokens.parse("studio=" + STUDIO_TOKEN + ",*=" + ADMIN), false);
  }

  @AfterAll
  static void stop() throws Exception {
    client.stop();
    producer.close();
    sink.stop();
  }

  private static String ws(SubtitleSinkServer server, String session, String query) {
    return "ws://127.0.0.1:" + server.port() + "/ws/sessions/" + session + "?" + query;
  }

  private static HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitLastSequence(SubtitleSinkServer server, String session, long sequence) {
    Await.until(
        session + " at sequence " + sequence,
        WAIT,
        () ->
            server
                .sessions()
                .find(session)
                .map(s -> s.summary().lastSequence() >= sequence)
                .orElse(false));
  }

  private static List<Long> range(long fromInclusive, long toInclusive) {
    return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
  }

  @Test
  void lateJoinAndReconnectGetHistoryThenLiveWithoutGapOrDuplicate() throws Exception {
    String s = "late-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      producer.send(Events.finalSegment(s, i, "line number " + i, i % 2));
    }
    awaitLastSequence(sink, s, 4);

    WsClient early = WsClient.connect(client, ws(sink, s, "token=" + ADMIN));
    Await.until("history", WAIT, () -> early.segmentSequences().size() == 5);
    assertEquals("hello", early.types().get(0));
    for (int i = 5; i < 8; i++) {
      producer.send(Events.finalSegment(s, i, "line number " + i, 0));
    }
    Await.until("live 5..7", WAIT, () -> early.segmentSequences().size() == 8);

    // Segment 5 ("line number 5": 20.0 s + 2 × 0.4 s + 0.35 s) ends at 21.15 s.
    assertEquals("0:21150", early.json().get(6).get("cursor").asText());
    WsClient reconnecting = WsClient.connect(client, ws(sink, s, "after=0:21150&token=" + ADMIN));
    Await.until("missed 6..7", WAIT, () -> reconnecting.segmentSequences().size() == 2);
    assertEquals("0:21150", reconnecting.json().get(0).get("after").asText());
    assertEquals("0:29150", reconnecting.json().get(0).get("cursor").asText());

    // A recovered job recomputes 6 and 7 one 80 ms frame later, then goes on with 8.
    producer.send(Events.segment(s, s + "/0/24080", 6, "line number 6", 0, true, 24.08));
    producer.send(Events.segment(s, s + "/0/28080", 7, "line number 7", 0, true, 28.08));
    producer.send(Events.finalSegment(s, 8, "line number 8", 0));
    Await.until(
        "segment 8 everywhere",
        WAIT,
        () ->
            early.segmentSequences().contains(8L) && reconnecting.segmentSequences().contains(8L));
    Thread.sleep(200); // anything wrongly sent after 8 would have arrived by now
    assertEquals(range(0, 8), early.segmentSequences());
    assertEquals(range(6, 8), reconnecting.segmentSequences());

    JsonNode first = early.json().get(1);
    assertEquals(s + "/0/0", first.get("id").asText());
    assertEquals("0:1150", first.get("cursor").asText());
    assertEquals("line number 0", first.get("text").asText());
    assertEquals(0, first.get("speaker").asInt());
    assertEquals(3, first.get("words").size());
    assertEquals("number", first.get("words").get(1).get("text").asText());
    assertEquals(0.4, first.get("words").get(1).get("start").asDouble(), 1e-9);
    assertEquals(0.9, first.get("words").get(1).get("confidence").asDouble(), 1e-6);
    early.close();
    reconnecting.close();

    WsClient bad = WsClient.connect(client, ws(sink, s, "after=soon&token=" + ADMIN));
    assertTrue(bad.awaitClose(WAIT));
    assertEquals(CloseCodes.BAD_REQUEST, bad.closeCode);
    assertEquals(
        "after must be a cursor like 0:168750 (or a sequence number), got 'soon'", bad.closeReason);
  }

  @Test
  void partialsOnlyWhenAskedAndSpeechAndSessionEventsForwarded() throws Exception {
    String s = "partials-" + UUID.randomUUID();
    WsClient plain = WsClient.connect(client, ws(sink, s, "token=" + ADMIN));
    WsClient withPartials = WsClient.connect(client, ws(sink, s, "partial=true&token=" + ADMIN));
    Await.until(
        "hellos", WAIT, () -> plain.messages.size() == 1 && withPartials.messages.size() == 1);
    producer.send(Events.status(s, SessionState.STARTED, 0));
    producer.send(Events.speech(s, true, 0.2));
    producer.send(Events.partial(s, 0, 1, "good"));
    producer.send(Events.partial(s, 0, 2, "good morning"));
    producer.send(Events.finalSegment(s, 0, "good morning everyone", null));
    producer.send(Events.speech(s, false, 1.4));
    producer.send(Events.status(s, SessionState.ENDED, 2.0));
    Await.until(
        "session end",
        WAIT,
        () -> plain.messages.size() == 6 && withPartials.messages.size() == 8,
        () -> plain.types() + " / " + withPartials.types());
    assertEquals(
        List.of("hello", "session", "speech", "segment", "speech", "session"), plain.types());
    assertEquals(
        List.of("hello", "session", "speech", "partial", "partial", "segment", "speech", "session"),
        withPartials.types());
    JsonNode partial = withPartials.json().get(4);
    assertEquals("good morning", partial.get("text").asText());
    assertFalse(partial.get("final").asBoolean());
    assertEquals("ENDED", plain.json().get(5).get("state").asText());
    assertTrue(plain.json().get(2).get("speaking").asBoolean());
    plain.close();
    withPartials.close();
  }

  @Test
  void tokensAreEnforcedOverHttpAndWebSocket() throws Exception {
    producer.send(Events.finalSegment("studio", 0, "on air", null));
    awaitLastSequence(sink, "studio", 0);

    WsClient none = WsClient.connect(client, ws(sink, "studio", ""));
    assertTrue(none.awaitClose(WAIT));
    assertEquals(CloseCodes.UNAUTHORIZED, none.closeCode);
    assertEquals("subscribe token required (?token= or Authorization: Bearer)", none.closeReason);
    assertTrue(none.messages.isEmpty());

    WsClient wrong = WsClient.connect(client, ws(sink, "studio", "token=" + STUDIO_TOKEN + "x"));
    assertTrue(wrong.awaitClose(WAIT));
    assertEquals(4401, wrong.closeCode);
    assertEquals("subscribe token not valid for this session", wrong.closeReason);

    WsClient otherSession =
        WsClient.connect(client, ws(sink, "not-studio", "token=" + STUDIO_TOKEN));
    assertTrue(otherSession.awaitClose(WAIT));
    assertEquals(4401, otherSession.closeCode);

    WsClient right = WsClient.connect(client, ws(sink, "studio", "token=" + STUDIO_TOKEN));
    Await.until("history", WAIT, () -> right.segmentSequences().equals(List.of(0L)));
    right.close();

    assertEquals(401, get("/api/sessions/studio/subtitles.vtt", null).statusCode());
    assertEquals(401, get("/api/sessions/studio/subtitles.srt", "nope").statusCode());
    assertEquals(401, get("/api/sessions/studio/subtitles.srt?token=nope", null).statusCode());
    assertEquals(
        200, get("/api/sessions/studio/subtitles.srt?token=" + STUDIO_TOKEN, null).statusCode());
    assertEquals(200, get("/api/sessions/studio/subtitles.vtt", STUDIO_TOKEN).statusCode());
    assertEquals(401, get("/api/sessions", null).statusCode());

    // A session token lists only its own session; the wildcard token lists all.
    JsonNode own =
        WireMessages.JSON.readTree(get("/api/sessions", STUDIO_TOKEN).body()).get("sessions");
    assertEquals(1, own.size());
    assertEquals("studio", own.get(0).get("sessionId").asText());
    JsonNode all = WireMessages.JSON.readTree(get("/api/sessions", ADMIN).body()).get("sessions");
    assertTrue(all.size() > 1, all.toString());
  }

  @Test
  void exportsAreValidWebVttAndSrtAndTheLiveFeedPages() throws Exception {
    String s = "export-" + UUID.randomUUID();
    producer.send(Events.finalSegment(s, 0, "welcome to the show", 0));
    producer.send(Events.finalSegment(s, 1, "thank you <3 & hello", 1));
    producer.send(Events.finalSegment(s, 2, "back to you", 0));
    awaitLastSequence(sink, s, 2);

    HttpResponse<String> vttResponse = get("/api/sessions/" + s + "/subtitles.vtt", ADMIN);
    assertEquals(200, vttResponse.statusCode());
    assertEquals(
        "text/vtt;charset=utf-8",
        vttResponse.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
    List<Cue> vtt = SubtitleFileParser.parseVtt(vttResponse.body());
    assertEquals(
        List.of(
            new Cue("0:1550", 0, 1550, "<v Speaker 1>welcome to the show"),
            new Cue("0:5950", 4000, 5950, "<v Speaker 2>thank you &lt;3 &amp; hello"),
            new Cue("0:9150", 8000, 9150, "<v Speaker 1>back to you")),
        vtt);

    List<Cue> srt =
        SubtitleFileParser.parseSrt(get("/api/sessions/" + s + "/subtitles.srt", ADMIN).body());
    assertEquals(
        List.of(
            new Cue("1", 0, 1550, "Speaker 1: welcome to the show"),
            new Cue("2", 4000, 5950, "Speaker 2: thank you <3 & hello"),
            new Cue("3", 8000, 9150, "Speaker 1: back to you")),
        srt);

    HttpResponse<String> live = get("/api/sessions/" + s + "/live.vtt?after=0:1550", ADMIN);
    assertEquals("0:9150", live.headers().firstValue("X-Captionflow-Cursor").orElseThrow());
    assertEquals("2", live.headers().firstValue("X-Captionflow-Last-Sequence").orElseThrow());
    assertEquals(
        List.of("0:5950", "0:9150"),
        SubtitleFileParser.parseVtt(live.body()).stream().map(Cue::id).toList());
    assertEquals(
        List.of("0:9150"),
        SubtitleFileParser.parseVtt(get("/api/sessions/" + s + "/live.vtt?after=1", ADMIN).body())
            .stream()
            .map(Cue::id)
            .toList(),
        "deprecated: after a sequence number");
    assertEquals(
        List.of("0:9150"),
        SubtitleFileParser.parseVtt(get("/api/sessions/" + s + "/live.vtt?since=7", ADMIN).body())
            .stream()
            .map(Cue::id)
            .toList());
    assertEquals(
        List.of("0:5950", "0:9150"),
        SubtitleFileParser.parseVtt(get("/api/sessions/" + s + "/live.vtt?window=4", ADMIN).body())
            .stream()
            .map(Cue::id)
            .toList());
    HttpResponse<String> bad = get("/api/sessions/" + s + "/live.vtt?since=soon", ADMIN);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("since must be a number of seconds, got 'soon'"), bad.body());
    assertEquals(404, get("/api/sessions/nobody-here/subtitles.vtt", ADMIN).statusCode());
  }

  @Test
  void abortedTransactionsAreNeverShown() throws Exception {
    String s = "tx-" + UUID.randomUUID();
    try (KafkaProducer<String, TranscriptEvent> tx =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "sink-test-" + UUID.randomUUID()),
            new StringSerializer(),
            new AvroSerde<>(AvroCodec.transcriptEvent()).serializer())) {
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(
          new ProducerRecord<>(
              topics.segments(), s, Events.finalSegment(s, 0, "never said", null)));
      tx.flush();
      tx.abortTransaction();
      tx.beginTransaction();
      tx.send(
          new ProducerRecord<>(
              topics.segments(), s, Events.finalSegment(s, 0, "committed words", null)));
      tx.commitTransaction();
    }
    awaitLastSequence(sink, s, 0);
    assertEquals(
        List.of("committed words"),
        sink.sessions().find(s).orElseThrow().confirmed().stream().map(c -> c.text()).toList());
  }

  @Test
  void apiHealthConfigAndASecondInstanceRebuildingHistoryFromTheTopic() throws Exception {
    String s = "api-" + UUID.randomUUID();
    producer.send(Events.status(s, SessionState.STARTED, 0));
    producer.send(Events.finalSegment(s, 0, "first", null));
    producer.send(Events.finalSegment(s, 1, "second", null));
    awaitLastSequence(sink, s, 1);
    WsClient watcher = WsClient.connect(client, ws(sink, s, "token=" + ADMIN));
    Await.until(
        "subscriber counted",
        WAIT,
        () -> sink.sessions().find(s).orElseThrow().summary().subscribers() == 1);

    JsonNode sessions =
        WireMessages.JSON.readTree(get("/api/sessions", ADMIN).body()).get("sessions");
    JsonNode mine = null;
    for (JsonNode n : sessions) {
      if (n.get("sessionId").asText().equals(s)) {
        mine = n;
      }
    }
    assertTrue(mine != null, sessions.toString());
    assertEquals("LIVE", mine.get("state").asText());
    assertEquals("en", mine.get("language").asText());
    assertEquals(1, mine.get("subscribers").asInt());
    assertEquals(1, mine.get("lastSequence").asLong());
    assertTrue(mine.get("lastSegmentMillis").asLong() > 0);

    JsonNode config = WireMessages.JSON.readTree(get("/api/config", null).body());
    assertEquals(
        "ws://127.0.0.1:" + sink.port() + "/ws/sessions/{sessionId}",
        config.get("webSocketUrl").asText());
    assertEquals(
        SinkConfig.DEFAULT_SPEAKER_COLOURS.get(1), config.get("speakerColours").get(1).asText());
    assertEquals(50, config.get("historySize").asInt());
    assertTrue(config.get("tokenRequired").asBoolean());

    Await.until("health caught up", WAIT, () -> sink.kafkaHealth().caughtUp());
    HttpResponse<String> health = get("/health", null);
    assertEquals(200, health.statusCode());
    JsonNode h = WireMessages.JSON.readTree(health.body());
    assertEquals("UP", h.get("status").asText());
    assertTrue(h.get("kafka").get("reachable").asBoolean());
    assertEquals(3, h.get("kafka").get("partitions").asInt());
    assertTrue(h.get("kafka").has("lag"));
    HttpResponse<String> live = get("/health/live", null);
    assertEquals(200, live.statusCode());
    assertEquals("{\"status\":\"UP\"}", live.body());

    try (SubtitleSinkServer second = new SubtitleSinkServer(sinkConfig()).start()) {
      awaitLastSequence(second, s, 1);
      WsClient late = WsClient.connect(client, ws(second, s, "token=" + ADMIN));
      Await.until("rebuilt history", WAIT, () -> late.segmentSequences().equals(List.of(0L, 1L)));
      producer.send(Events.finalSegment(s, 2, "third", null));
      Await.until(
          "live on both",
          WAIT,
          () -> late.segmentSequences().size() == 3 && watcher.segmentSequences().size() == 3);
      assertEquals(
          1,
          second.sessions().summaries().stream()
              .map(SessionSummary::sessionId)
              .filter(id -> id.equals(s))
              .count());
      late.close();
    }
    watcher.close();
  }
}
