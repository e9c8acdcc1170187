package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.TimedWord;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.testsupport.TestKafka;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming latency mode on the whole walk: the cache-aware fixture's sample.wav, in real time,
 * → ingest bridge → Kafka → Flink MiniCluster with a cache-aware model only (no offline model) →
 * Kafka → subtitle sink → a real WebSocket client.
 */
class StreamingEndToEndITCase {

  private static final String TOKEN = "streaming-e2e-token";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static LocalStack stack;
  private static Topics topics;

  @BeforeAll
  static void startStack() throws Exception {
    CacheAwareToneFixture.write(dir.resolve("model"));
    topics = Topics.DEFAULT.withPrefix("streaming-e2e-" + UUID.randomUUID() + ".");
    ModelSpec streamingOnly =
        new ModelSpec(
            null,
            "cpu",
            "fp32",
            0,
            null,
            ModelSpec.PARAKEET,
            null,
            0,
            dir.resolve("model").toString(),
            ModelSpec.CACHE_AWARE);
    stack =
        LocalStack.start(
            new LocalStack.Settings(
                TestKafka.shared().bootstrapServers(),
                null,
                null,
                null,
                0,
                topics,
                streamingOnly,
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
  void theSampleReachesASubscriberAsExactlyItsExpectedWords() throws Exception {
    List<TimedWord> expected = CacheAwareToneFixture.expectedWords();
    Path wav = dir.resolve("model").resolve("sample.wav");
    try (SubtitleClient client =
        SubtitleClient.connect(
            URI.create(
                "ws://127.0.0.1:"
                    + stack.sink().port()
                    + "/ws/sessions/streaming-room?token="
                    + TOKEN),
            Duration.ofSeconds(10))) {
      SourceIngest.run(
          BridgeConfig.fromEnvironment(Map.of())
              .withBootstrapServers(stack.bootstrapServers())
              .withTopics(topics),
          "streaming-room",
          new StartSettings("en", "streaming", "file:sample.wav"),
          AudioFiles.open(wav),
          1.0, // real time, as a live room streams
          (done, total) -> {});
      await(client::sessionEnded);

      assertEquals(List.of(), SelftestCommand.compare(expected, wordsOf(client.segments())));
      assertEquals(List.of(), SelftestCommand.compare(expected, wordsOf(client.finalWords())));
      assertEquals(
          CacheAwareToneFixture.SAMPLE_TEXT,
          String.join(
              " ",
              client.segments().stream().map(s -> s.message().path("text").asText()).toList()));
    }
  }

  private static List<TimedWord> wordsOf(List<SubtitleClient.Received> messages) {
    return SelftestCommand.wordsOf(messages);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
