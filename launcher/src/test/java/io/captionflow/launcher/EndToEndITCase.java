package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavWriter;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.testsupport.TestKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole walk on real parts: a WAV file → ingest bridge → Kafka → Flink MiniCluster running the
 * real ONNX Runtime code on the fixture model → Kafka → subtitle sink → a real WebSocket client.
 */
class EndToEndITCase {

  private static final String TOKEN = "e2e-token";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static ToneLanguage language;
  private static Topics topics;
  private static LocalStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    language = ToneLanguageFixture.write(dir.resolve("model"));
    topics = Topics.DEFAULT.withPrefix("e2e-" + UUID.randomUUID() + ".");
    stack =
        LocalStack.start(
            new LocalStack.Settings(
                broker.bootstrapServers(),
                null,
                null,
                null,
                0,
                topics,
                ModelSpec.parakeet(dir.resolve("model"), "cpu", null),
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
  void wavFileArrivesAsExactlyTheExpectedSegmentsInOrder() throws Exception {
    FixtureSpeech speech = FixtureSpeech.twoSentences(language);
    Path wav = dir.resolve("two-sentences.wav");
    WavWriter.write(wav, new PcmAudio(speech.audio(), ToneLanguage.SAMPLE_RATE));

    try (SubtitleClient client = subscribe("wav-session")) {
      publishFile("wav-session", wav);
      awaitWords(client, speech.expectedWords().size());

      assertEquals(
          List.of(),
          SelftestCommand.compare(
              speech.expectedWords(), SelftestCommand.wordsOf(client.segments())));
      assertEquals(
          List.of("hello world live captions", "for every stream"),
          client.segments().stream().map(s -> s.message().path("text").asText()).toList());
      assertEquals(
          List.of(0L, 1L),
          client.segments().stream().map(s -> s.message().path("sequence").asLong()).toList());
    }
  }

  @Test
  void twoSessionsStreamedAtOnceNeverMix() throws Exception {
    List<ToneLanguage.ScheduledWord> first =
        language.sentence("hello world live captions", 0.4, 0.32, 0.16);
    List<ToneLanguage.ScheduledWord> second =
        language.sentence("no words from every stream", 0.8, 0.24, 0.24);
    try (SubtitleClient a = subscribe("room-a");
        SubtitleClient b = subscribe("room-b")) {
      CompletableFuture<Void> sendA =
          CompletableFuture.runAsync(
              () -> publishSamples("room-a", language.synthesize(first, 4.0)));
      CompletableFuture<Void> sendB =
          CompletableFuture.runAsync(
              () -> publishSamples("room-b", language.synthesize(second, 4.8)));
      CompletableFuture.allOf(sendA, sendB).get();
      awaitWords(a, first.size());
      awaitWords(b, second.size());

      assertEquals(
          List.of(),
          SelftestCommand.compare(
              language.expectedWords(first), SelftestCommand.wordsOf(a.segments())));
      assertEquals(
          List.of(),
          SelftestCommand.compare(
              language.expectedWords(second), SelftestCommand.wordsOf(b.segments())));
      assertTrue(
          a.segments().stream()
              .allMatch(s -> s.message().path("sessionId").asText().equals("room-a")));
      assertTrue(
          b.segments().stream()
              .allMatch(s -> s.message().path("sessionId").asText().equals("room-b")));
    }
  }

  @Test
  void malformedAudioRecordIsDeadLetteredWhileTheSessionNextToItKeepsBeingTranscribed()
      throws Exception {
    byte[] garbage = "not an audio chunk".getBytes(StandardCharsets.UTF_8);
    List<ToneLanguage.ScheduledWord> schedule =
        language.sentence("live captions for every stream", 0.4, 0.32, 0.16);
    try (SubtitleClient client = subscribe("steady-room");
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
      CompletableFuture<Void> send =
          CompletableFuture.runAsync(
              () -> publishSamples("steady-room", language.synthesize(schedule, 3.6)));
      producer.send(new ProducerRecord<>(topics.audio(), "broken-room", garbage)).get();
      send.get();
      awaitWords(client, schedule.size());
      assertEquals(
          List.of(),
          SelftestCommand.compare(
              language.expectedWords(schedule), SelftestCommand.wordsOf(client.segments())));
    }

    DeadLetter letter = awaitDeadLetter("broken-room");
    assertEquals(topics.audio(), letter.getTopic());
    assertArrayEquals(garbage, toArray(letter.getOriginalValue()));
    assertTrue(letter.getReason().contains("not Avro single-object encoding"), letter.getReason());
  }

  private SubtitleClient subscribe(String session) throws Exception {
    return SubtitleClient.connect(
        URI.create(
            "ws://127.0.0.1:"
                + stack.sink().port()
                + "/ws/sessions/"
                + session
                + "?token="
                + TOKEN),
        Duration.ofSeconds(10));
  }

  private void publishFile(String session, Path wav) throws Exception {
    SourceIngest.run(
        bridgeConfig(),
        session,
        new StartSettings("en", "speedy", "file:" + wav.getFileName()),
        AudioFiles.open(wav),
        0,
        (done, total) -> {});
  }

  private void publishSamples(String session, float[] samples) {
    try {
      SourceIngest.run(
          bridgeConfig(),
          session,
          new StartSettings("en", "speedy", "test"),
          SamplesSource.of(samples, ToneLanguage.SAMPLE_RATE, "test"),
          0,
          (done, total) -> {});
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private BridgeConfig bridgeConfig() {
    return BridgeConfig.fromEnvironment(Map.of())
        .withBootstrapServers(stack.bootstrapServers())
        .withTopics(topics);
  }

  private static void awaitWords(SubtitleClient client, int words) throws InterruptedException {
    await(
        () -> SelftestCommand.wordsOf(client.segments()).size() >= words || client.sessionEnded());
    // The session's end follows its last segment: anything extra would have arrived by then.
    await(client::sessionEnded);
  }

  private DeadLetter awaitDeadLetter(String key) throws InterruptedException {
    List<DeadLetter> letters = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "e2e-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.deadLetters()));
      await(
          () -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
              DeadLetter letter = AvroCodec.deadLetter().decode(r.value());
              if (key.equals(
                  new String(toArray(letter.getOriginalKey()), StandardCharsets.UTF_8))) {
                letters.add(letter);
              }
            }
            return !letters.isEmpty();
          });
    }
    return letters.get(0);
  }

  private static byte[] toArray(java.nio.ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
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
