package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.fixtures.diarization.SortformerFixture;
import io.captionflow.fixtures.diarization.SortformerFixture.ToneTurn;
import io.captionflow.fixtures.diarization.SpeakerToneMix;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.testsupport.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diarized session through every part: bridge (diarization on, 2 speakers) → Kafka → Flink
 * MiniCluster with the tone-language ASR fixture and the Sortformer fixture → Kafka → subtitle
 * sink: the WebSocket segments carry the speaker and the WebVTT export has the voice tags. Audio:
 * the speaker-tone recipe of {@link SpeakerToneMix}.
 */
class DiarizationEndToEndITCase {

  private static final String TOKEN = "diarization-token";
  private static final String SESSION = "panel";

  @TempDir static Path dir;
  private static ToneLanguage language;
  private static Topics topics;
  private static LocalStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    language = ToneLanguageFixture.write(dir.resolve("model"));
    Path sortformer = SortformerFixture.write(dir.resolve("sortformer-fixture.onnx"));
    topics = Topics.DEFAULT.withPrefix("e2e-diar-" + UUID.randomUUID() + ".");
    stack =
        LocalStack.start(
            new LocalStack.Settings(
                broker.bootstrapServers(),
                null,
                null,
                null,
                0,
                topics,
                ModelSpec.parakeet(dir.resolve("model"), "cpu", null)
                    .withSortformerModel(sortformer.toString()),
                Duration.ofSeconds(1),
                SubscribeTokens.parse("*=" + TOKEN),
                false));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void speakersReachTheWebSocketAndTheWebVttVoiceTags() throws Exception {
    // speaker 0 says "hello world stream", speaker 1 answers "no words from" without a pause
    List<ToneLanguage.ScheduledWord> words =
        new ArrayList<>(language.sentence("hello world stream", 0.40, 0.32, 0.16));
    words.addAll(language.sentence("no words from", 1.84, 0.32, 0.16));
    float[] audio =
        SpeakerToneMix.addTurns(
            language.synthesize(words, 4.0),
            List.of(new ToneTurn(0, 0.24, 1.84), new ToneTurn(1, 1.84, 3.36)));

    try (SubtitleClient client =
        SubtitleClient.connect(
            URI.create(
                "ws://127.0.0.1:"
                    + stack.sink().port()
                    + "/ws/sessions/"
                    + SESSION
                    + "?token="
                    + TOKEN),
            Duration.ofSeconds(10))) {
      BridgeConfig bridge =
          BridgeConfig.fromEnvironment(Map.of())
              .withBootstrapServers(stack.bootstrapServers())
              .withTopics(topics);
      SourceIngest.run(
          bridge,
          SESSION,
          new StartSettings("en", "speedy", "test", true, 2),
          SamplesSource.of(audio, ToneLanguage.SAMPLE_RATE, "test"),
          0,
          (done, total) -> {});
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!client.sessionEnded()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("session did not end within 90 s");
        }
        Thread.sleep(50);
      }

      assertEquals(
          List.of("0: hello world stream", "1: no words from"),
          client.segments().stream()
              .map(
                  s ->
                      s.message().path("speaker").asText()
                          + ": "
                          + s.message().path("text").asText())
              .toList());
      List<String> wordSpeakers = new ArrayList<>();
      client
          .segments()
          .forEach(
              s ->
                  s.message()
                      .path("words")
                      .forEach(
                          w ->
                              wordSpeakers.add(
                                  w.path("text").asText() + "/" + w.path("speaker").asText())));
      assertEquals(
          List.of("hello/0", "world/0", "stream/0", "no/1", "words/1", "from/1"), wordSpeakers);
    }

    HttpResponse<String> vtt =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + stack.sink().port()
                                + "/api/sessions/"
                                + SESSION
                                + "/subtitles.vtt?token="
                                + TOKEN))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, vtt.statusCode(), vtt.body());
    assertEquals(
        List.of("<v Speaker 1>hello world stream", "<v Speaker 2>no words from"),
        vtt.body().lines().filter(l -> l.startsWith("<v ")).toList());
  }
}
