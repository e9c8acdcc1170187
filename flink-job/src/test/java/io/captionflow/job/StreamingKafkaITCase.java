package io.captionflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.cacheaware.CacheAwareMetadata;
import io.captionflow.asr.cacheaware.CacheAwareRecognizer;
import io.captionflow.asr.cacheaware.CacheAwareStream;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming latency mode on a Flink MiniCluster between real Kafka topics, with a cache-aware
 * model only (no offline model): the cache-aware fixture's sample, published once in real time, is
 * read by a fault-free job and by one whose streaming recognizer throws once after a checkpoint
 * taken mid-session has completed. Both must give a subscriber the sample's exact words, the
 * failing one restored from that checkpoint (same run, same segment ids), nothing lost or doubled.
 */
class StreamingKafkaITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(flinkConfig())
              .build());

  static final String SESSION = "stream-room";

  /** Published before the failure is armed: enough audio for the first words to be confirmed. */
  static final int CHUNKS_BEFORE_CHECKPOINT = 16;

  /** Words the failing job must have confirmed before the checkpoint the failure follows. */
  static final int WORDS_BEFORE_CHECKPOINT = 2;

  /**
   * The failing decode: the first armed one whose stream has heard this much audio, so the words
   * confirmed between the checkpoint and the failure are recomputed after the restore.
   */
  static final long FAIL_AT_SAMPLE = Math.round(2.6 * 16_000);

  static final AtomicBoolean ARMED = new AtomicBoolean();
  static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

  @TempDir static Path modelDir;
  static TestKafka.Broker kafka;
  static float[] sample;
  static List<String> expected;

  static Configuration flinkConfig() {
    Configuration c = new Configuration();
    c.setString("pipeline.generic-types", "false");
    c.setString("restart-strategy.type", "fixed-delay");
    c.setString("restart-strategy.fixed-delay.attempts", "3");
    c.setString("restart-strategy.fixed-delay.delay", "200 ms");
    // the REST checkpoint statistics are the test's signal: keep them fresh
    c.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(100));
    return c;
  }

  @BeforeAll
  static void setUp() {
    kafka = TestKafka.shared();
    ToneLanguage language = CacheAwareToneFixture.write(modelDir);
    sample = CacheAwareToneFixture.sampleAudio(language);
    expected = CacheAwareToneFixture.expectedWords().stream().map(FixtureAudio::format).toList();
  }

  /** The failing job's {@link ModelSpec.StreamingLoader}. */
  static StreamingRecognizer loadFailingOnceArmed(RecognizerConfig config) {
    return new FailingOnceArmed(CacheAwareRecognizer.load(config));
  }

  /**
   * The cache-aware recognizer, whose first decode at {@link #FAIL_AT_SAMPLE} once {@link #ARMED}
   * throws (a failing operator instance); every other decode is the real one.
   */
  static final class FailingOnceArmed implements StreamingRecognizer {
    private final StreamingRecognizer real;

    FailingOnceArmed(StreamingRecognizer real) {
      this.real = real;
    }

    @Override
    public CacheAwareMetadata metadata() {
      return real.metadata();
    }

    @Override
    public CacheAwareStream newStream() {
      return real.newStream();
    }

    @Override
    public void decode(List<CacheAwareStream> streams) {
      boolean atFailPoint = streams.stream().anyMatch(s -> s.samplesAccepted() >= FAIL_AT_SAMPLE);
      if (atFailPoint && ARMED.get() && INJECTED_FAILURES.compareAndSet(0, 1)) {
        throw new IllegalStateException("injected failure mid-session, after a checkpoint");
      }
      real.decode(streams);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  static JobConfig config(Topics in, Topics out, String group, ModelSpec.StreamingLoader loader) {
    ModelSpec streamingOnly =
        new ModelSpec(
            null, "cpu", "fp32", 1, null, ModelSpec.PARAKEET, null, 0, modelDir.toString(), loader);
    return JobConfig.fromEnvironment(Map.of())
        // recorded audio replayed at full speed: its capture times say nothing of a live lag
        .withLagBudget(LagBudget.OFF)
        .withKafka(kafka.bootstrapServers(), KafkaEndToEndITCase.withOutputs(in, out), group)
        .withModels(streamingOnly)
        .withDefaultMode(LatencyMode.STREAMING)
        .withParallelism(1)
        .withCheckpointInterval(Duration.ofMillis(300));
  }

  @Test
  void theSampleGivesItsExactWordsLiveAndAfterAFailureRestoredFromACheckpoint() throws Exception {
    Topics in = Topics.DEFAULT.withPrefix("s-" + UUID.randomUUID() + ".");
    Topics faultFree = in.withPrefix("fault-free.");
    Topics failing = in.withPrefix("failing.");
    kafka.createTopics(
        List.of(
            in.audio(),
            in.sessionEvents(),
            faultFree.segments(),
            faultFree.deadLetters(),
            failing.segments(),
            failing.deadLetters()),
        2);
    JobClient faultFreeJob =
        CaptionFlowJob.overKafka(config(in, faultFree, "fault-free", ModelSpec.CACHE_AWARE))
            .start(StreamExecutionEnvironment.getExecutionEnvironment());
    JobClient failingJob =
        CaptionFlowJob.overKafka(
                config(in, failing, "failing", StreamingKafkaITCase::loadFailingOnceArmed))
            .start(StreamExecutionEnvironment.getExecutionEnvironment());

    AvroCodec<AudioChunk> chunks = AvroCodec.audioChunk();
    long checkpointAfterWords;
    try (KafkaProducer<byte[], byte[]> producer = TestProducers.raw(kafka.bootstrapServers())) {
      SessionEvent start =
          SessionEvent.newBuilder()
              .setSessionId(SESSION)
              .setType(SessionEventType.START)
              .setLatencyMode("streaming")
              .setLanguage("en")
              .setEventTimeMillis(System.currentTimeMillis())
              .build();
      producer.send(
          KafkaEndToEndITCase.record(
              in.sessionEvents(), SESSION, AvroCodec.sessionEvent().encode(start)));
      int n = (sample.length + 1599) / 1600;
      publishInRealTime(producer, in, chunks, 0, CHUNKS_BEFORE_CHECKPOINT, n);

      // the failing job's state now holds confirmed words: wait for a checkpoint taken after them
      KafkaTopics.readAll(
          kafka.bootstrapServers(),
          failing.segments(),
          new AvroSerde<>(AvroCodec.transcriptEvent()).deserializer(),
          events -> confirmedWords(events) >= WORDS_BEFORE_CHECKPOINT,
          Duration.ofSeconds(60));
      checkpointAfterWords =
          completedCheckpointTriggeredAfter(failingJob, System.currentTimeMillis());
      ARMED.set(true);
      publishInRealTime(producer, in, chunks, CHUNKS_BEFORE_CHECKPOINT, n, n);
    }

    List<TranscriptEvent> faultFreeEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), faultFree.segments(), 1);
    List<TranscriptEvent> failingEvents =
        KafkaTopics.transcriptsUntilEnded(kafka.bootstrapServers(), failing.segments(), 1);
    JsonNode checkpoints = checkpointStatistics(failingJob);
    faultFreeJob.cancel().get();
    failingJob.cancel().get();

    Map<String, List<SubtitleSegment>> reference =
        KafkaTopics.deduplicatedSegments(faultFreeEvents);
    assertEquals(List.of(SESSION), List.copyOf(reference.keySet()));
    assertEquals(expected, KafkaEndToEndITCase.finalWordTimes(reference.get(SESSION)));

    assertEquals(1, INJECTED_FAILURES.get(), "the failure was injected once");
    JsonNode restored = checkpoints.path("latest").path("restored");
    assertEquals(1, checkpoints.path("counts").path("restored").asInt(), "restored once");
    assertFalse(restored.path("is_savepoint").asBoolean(), "from a checkpoint");
    long restoredId = restored.path("id").asLong();
    assertTrue(
        restoredId >= checkpointAfterWords,
        "restored checkpoint " + restoredId + ", taken before " + checkpointAfterWords);
    // a restore from the checkpoint continues the session's run: it never starts it again
    assertEquals(List.of(SessionState.STARTED, SessionState.ENDED), statuses(failingEvents));
    assertEquals(
        reference,
        KafkaTopics.deduplicatedSegments(failingEvents),
        "after the injected failure: same segments, same ids");
  }

  /** Chunks {@code from..to-1} of the sample, 100 ms each, in real time; the n-th ends it. */
  static void publishInRealTime(
      KafkaProducer<byte[], byte[]> producer,
      Topics topics,
      AvroCodec<AudioChunk> chunks,
      int from,
      int to,
      int n)
      throws InterruptedException {
    long t0 = System.nanoTime();
    for (int i = from; i < to; i++) {
      float[] samples =
          Arrays.copyOfRange(sample, i * 1600, Math.min(sample.length, (i + 1) * 1600));
      producer.send(
          KafkaEndToEndITCase.record(
              topics.audio(),
              SESSION,
              chunks.encode(KafkaEndToEndITCase.chunk(SESSION, i, samples, 16_000, i == n - 1))));
      long wait = t0 + (i - from + 1) * 100_000_000L - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    producer.flush();
  }

  static long confirmedWords(List<TranscriptEvent> events) {
    return events.stream()
        .filter(e -> e.getEvent() instanceof ConfirmedWords)
        .mapToLong(e -> ((ConfirmedWords) e.getEvent()).getWords().size())
        .sum();
  }

  static List<SessionState> statuses(List<TranscriptEvent> events) {
    return events.stream()
        .filter(e -> e.getEvent() instanceof SessionStatus)
        .map(e -> ((SessionStatus) e.getEvent()).getState())
        .toList();
  }

  /**
   * Waits for a completed checkpoint triggered after {@code afterMillis} (so every operator's state
   * in it is from after that moment) and returns its id.
   */
  static long completedCheckpointTriggeredAfter(JobClient job, long afterMillis) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode completed = checkpointStatistics(job).path("latest").path("completed");
      if (completed.path("trigger_timestamp").asLong() > afterMillis) {
        return completed.path("id").asLong();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no checkpoint completed within 60 s after " + afterMillis);
  }

  /** The job's checkpoint statistics from the MiniCluster's REST API. */
  static JsonNode checkpointStatistics(JobClient job) throws Exception {
    Configuration client = FLINK.getClientConfiguration();
    URI uri =
        URI.create(
            "http://"
                + client.get(RestOptions.ADDRESS)
                + ":"
                + client.get(RestOptions.PORT)
                + "/jobs/"
                + job.getJobID()
                + "/checkpoints");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return new ObjectMapper().readTree(response.body());
  }
}
