package io.captionflow.sink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.edge.server.EdgeServer;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.Topics;
import io.captionflow.sink.Events;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.export.SubtitleFileParser;
import io.captionflow.sink.export.SubtitleFileParser.Cue;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.sink.session.WireMessages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/sessions/{id}/enhanced.vtt|.srt|.json}: the access rules of the live exports, 404
 * saying "unknown session", "not enhanced yet" or "enhancement in progress", 200 once ENHANCED
 * arrived, with the live comparison in the JSON.
 */
class EnhancedExportTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ADMIN = "admin-token";
  private static final String STUDIO = "studio-token";
  private static final String OTHER = "other-token";

  private final SessionRegistry registry = new SessionRegistry(100);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private EdgeServer server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    SinkConfig config =
        SinkConfig.defaults("127.0.0.1:1", Topics.DEFAULT)
            .withPort(0)
            .withHost("127.0.0.1")
            .withAccess(
                SubscribeTokens.parse("studio=" + STUDIO + ",other=" + OTHER + ",*=" + ADMIN),
                false);
    ConsumerHealth kafka = new ConsumerHealth("segments", true, "reading", 1, 0, 1, true, 0, 0);
    server = SinkHttpServer.assemble(config, registry, new FanoutStats(), () -> kafka, scheduler);
    server.start();
    port = server.port();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    scheduler.shutdownNow();
  }

  private HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return WireMessages.JSON.readTree(response.body());
  }

  /** "welcome to the show" (speaker 1), "thank you" (speaker 2), ended at 8 s. */
  private void liveSessionThatEnded() {
    registry.accept(Events.status("studio", SessionState.STARTED, 0), 1000);
    registry.accept(Events.finalSegment("studio", 0, "welcome to the show", 0), 1000);
    registry.accept(Events.finalSegment("studio", 1, "thank you", 1), 1000);
    registry.accept(Events.status("studio", SessionState.ENDED, 8), 1000);
  }

  @Test
  void notEnhancedYetThenInProgressThenServedWithTheComparison() throws Exception {
    liveSessionThatEnded();
    HttpResponse<String> none = get("/api/sessions/studio/enhanced.json", STUDIO);
    assertEquals(404, none.statusCode());
    assertEquals(
        "{\"error\":\"not enhanced yet: session studio run 0 has no enhanced transcript\","
            + "\"status\":404,\"enhancement\":\"NONE\"}",
        none.body());

    registry.accept(Events.enhancedSegment("studio", 0, "welcome to the show", 0), 2000);
    HttpResponse<String> arriving = get("/api/sessions/studio/enhanced.vtt", STUDIO);
    assertEquals(404, arriving.statusCode());
    assertEquals(
        "{\"error\":\"enhancement in progress: session studio run 0 has 1 enhanced segments so"
            + " far; its ENHANCED status has not arrived\",\"status\":404,"
            + "\"enhancement\":\"IN_PROGRESS\"}",
        arriving.body());

    // a retried enhancement writes sequence 1 twice: served once
    registry.accept(Events.enhancedSegment("studio", 1, "thank you all", 1), 2000);
    registry.accept(Events.enhancedSegment("studio", 1, "thank you all", 1), 2000);
    registry.accept(Events.status("studio", SessionState.ENHANCED, 8), 2000);

    HttpResponse<String> vtt = get("/api/sessions/studio/enhanced.vtt", STUDIO);
    assertEquals(200, vtt.statusCode());
    assertEquals("text/vtt;charset=utf-8", contentType(vtt));
    assertEquals(
        List.of(
            new Cue("0:1550", 0, 1550, "<v Speaker 1>welcome to the show"),
            new Cue("0:5150", 4000, 5150, "<v Speaker 2>thank you all")),
        SubtitleFileParser.parseVtt(vtt.body()));
    HttpResponse<String> srt = get("/api/sessions/studio/enhanced.srt?token=" + STUDIO, null);
    assertEquals("application/x-subrip;charset=utf-8", contentType(srt));
    assertEquals(
        List.of(
            new Cue("1", 0, 1550, "Speaker 1: welcome to the show"),
            new Cue("2", 4000, 5150, "Speaker 2: thank you all")),
        SubtitleFileParser.parseSrt(srt.body()));

    HttpResponse<String> body = get("/api/sessions/studio/enhanced.json", ADMIN);
    assertEquals(200, body.statusCode());
    assertEquals("application/json;charset=utf-8", contentType(body));
    JsonNode e = json(body);
    assertEquals("COMPLETE", e.get("status").asText());
    assertEquals(2, e.get("segments").size());
    assertEquals(7, e.get("wordCount").asInt());
    List<String> words = new ArrayList<>();
    e.get("segments").get(1).get("words").forEach(w -> words.add(w.get("text").asText()));
    assertEquals(List.of("thank", "you", "all"), words);
    assertEquals(4.8, e.get("segments").get(1).get("words").get(2).get("start").asDouble());
    // live lacks "all": one deletion in the 7 enhanced words of 0-8 s
    JsonNode c = e.get("comparison");
    assertEquals(0.0, c.get("from").asDouble());
    assertEquals(8.0, c.get("to").asDouble());
    assertEquals(true, c.get("wholeTranscript").asBoolean());
    assertEquals(7, c.get("referenceWords").asInt());
    assertEquals(6, c.get("liveWords").asInt());
    assertEquals(0, c.get("substitutions").asInt());
    assertEquals(0, c.get("insertions").asInt());
    assertEquals(1, c.get("deletions").asInt());
    assertEquals(1 / 7.0, c.get("errorRate").asDouble());

    JsonNode listed = json(get("/api/sessions", STUDIO)).get("sessions").get(0);
    assertEquals("ENDED", listed.get("state").asText());
    assertEquals("COMPLETE", listed.get("enhancement").asText());
    assertEquals(1 / 7.0, listed.get("enhancedErrorRate").asDouble());
    assertEquals(0, listed.get("ignoredEvents").asInt());
  }

  @Test
  void theLiveExportsAccessRulesAndUnknownSessionsAre404() throws Exception {
    liveSessionThatEnded();
    registry.accept(Events.enhancedSegment("studio", 0, "welcome to the show", 0), 2000);
    registry.accept(Events.status("studio", SessionState.ENHANCED, 8), 2000);
    for (String export : List.of("enhanced.vtt", "enhanced.srt", "enhanced.json")) {
      String path = "/api/sessions/studio/" + export;
      assertEquals(401, get(path, null).statusCode(), path);
      assertEquals(401, get(path, OTHER).statusCode(), path);
      assertEquals(401, get(path + "?token=nope", null).statusCode(), path);
      assertEquals(200, get(path, STUDIO).statusCode(), path);
      assertEquals(200, get(path, ADMIN).statusCode(), path);
    }
    HttpResponse<String> unknown = get("/api/sessions/nobody/enhanced.json", ADMIN);
    assertEquals(404, unknown.statusCode());
    assertEquals("unknown session: nobody", json(unknown).get("error").asText());
  }

  private static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase();
  }
}
