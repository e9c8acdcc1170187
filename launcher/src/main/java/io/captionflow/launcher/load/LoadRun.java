package io.captionflow.launcher.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.fixtures.asr.SyntheticParakeet;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.job.JobConfig;
import io.captionflow.job.inference.LoadRecognizers;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.SessionSettings;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load measurement: N sessions of {@link LoadSpeech} streamed in real time through Kafka, the
 * real job and Kafka again, then one JSON object with what it took. See the README's "Load" section
 * for every field.
 */
public final class LoadRun {

  private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);

  /** Which recognizer the job loads. */
  public enum Recognizer {
    NULL,
    FIXTURE,
    SYNTHETIC;

    public static Recognizer parse(String name) {
      for (Recognizer r : values()) {
        if (r.name().equalsIgnoreCase(name)) {
          return r;
        }
      }
      throw new IllegalArgumentException(
          "--recognizer must be null, fixture or synthetic, got '" + name + "'");
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param kafka bootstrap servers of a cluster, or null for an in-process broker
   * @param flink a Flink cluster's REST HOST:PORT, or null for a local MiniCluster
   * @param modelDir where the fixture or synthetic model is written (null: a temporary directory);
   *     with {@code flink} the task managers must see it at the same path
   * @param layers conformer layers of the synthetic model
   * @param mode the sessions' latency mode; null: the job's default
   * @param feedSlack a chunk sent later than this after its capture means the feed fell behind
   * @param endWithin a session keeps up when its end arrives within this of its last chunk
   * @param drain how long to wait for the sessions' ends after the last chunk
   */
  public record Settings(
      String kafka,
      String flink,
      Path jobJar,
      Recognizer recognizer,
      Path modelDir,
      int layers,
      int sessions,
      int seconds,
      LatencyMode mode,
      int parallelism,
      Duration checkpointInterval,
      Duration feedSlack,
      Duration endWithin,
      Duration drain,
      Duration progress,
      Duration startTimeout) {

    public Settings {
      if (sessions < 1) {
        throw new IllegalArgumentException("--sessions must be at least 1, got " + sessions);
      }
      if (seconds < LoadSpeech.MIN_SECONDS) {
        throw new IllegalArgumentException(
            "--seconds must be at least "
                + (int) Math.ceil(LoadSpeech.MIN_SECONDS)
                + " (one phrase), got "
                + seconds);
      }
      if (layers < 1) {
        throw new IllegalArgumentException("--layers must be at least 1, got " + layers);
      }
    }
  }

  /** Histogram and counter names the report reads from the job's {@code captionflow} group. */
  static final List<String> METRICS =
      List.of(
          "inferenceMillis_mean",
          "decodeBatch_mean",
          "decodeBatch_max",
          "decodeWaitMillis_median",
          "decodeWaitMillis_p99",
          "stateBytesWritten");

  private final Settings settings;
  private final PrintWriter progress;

  public LoadRun(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs the measurement; returns the report. */
  public ObjectNode run() throws Exception {
    Path workDir = Files.createTempDirectory("captionflow-load");
    try {
      return measure(HexFormat.of().formatHex(randomBytes(4)), workDir);
    } finally {
      deleteRecursively(workDir); // checkpoints, and a generated model of 100 MB or more
    }
  }

  private ObjectNode measure(String runId, Path workDir) throws Exception {
    Topics topics = Topics.DEFAULT.withPrefix("captionflow-load-" + runId + ".");
    LoadSpeech speech =
        settings.recognizer() == Recognizer.FIXTURE
            ? LoadSpeech.tones(ToneLanguageFixture.write(modelDir(workDir)), settings.seconds())
            : LoadSpeech.markers(settings.seconds());
    JobConfig config =
        JobConfig.fromEnvironment(System.getenv())
            .withModels(models(workDir))
            .withCheckpointInterval(settings.checkpointInterval())
            .withParallelism(settings.parallelism())
            // load asks whether the job keeps up at full quality: degrading would hide the answer
            .withLagBudget(LagBudget.OFF);
    LatencyMode mode = settings.mode() != null ? settings.mode() : config.defaultMode();
    int[] trigger = triggerChunks(speech, mode);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < settings.sessions(); i++) {
      ids.add("load-" + runId + "-" + i);
    }
    String warmUp = "load-" + runId + "-warmup";
    try (LoadStack stack =
            LoadStack.start(
                settings.kafka(), settings.flink(), settings.jobJar(), topics, config, workDir);
        Producer<String, byte[]> producer = producer(stack.bootstrapServers())) {
      SessionFeeder feeder =
          new SessionFeeder(
              producer,
              topics,
              ids,
              speech.audio(),
              new StartSettings(
                  "en", settings.mode() == null ? null : settings.mode().id(), "load"));
      TranscriptTally tally =
          new TranscriptTally(
              ids, warmUp, speech.words(), (i, k) -> feeder.captureMillis(i, trigger[k]));
      try (SegmentsReader reader =
          new SegmentsReader(stack.bootstrapServers(), topics.segments(), tally::accept)) {
        say("warming up: one session through the job before the measurement");
        feeder.rush(warmUp);
        if (!tally.awaitWarmUp(settings.startTimeout())) {
          reader.throwIfFailed();
          throw new IllegalStateException(
              "the job did not transcribe the warm-up session within "
                  + settings.startTimeout()
                  + " (see the log above)");
        }
        FlinkMetrics metrics = new FlinkMetrics(stack.rest(), stack.jobId());
        Duration fetch = fetchInterval(metrics);
        Map<String, Double> before = settledMetrics(metrics, fetch);

        feeder.announce();
        long start = System.currentTimeMillis() + 500;
        say(
            String.format(
                Locale.ROOT,
                "streaming %d sessions of %d s in real time (%s, mode %s, %d words each)",
                ids.size(),
                settings.seconds(),
                settings.recognizer().id(),
                mode.id(),
                speech.words().size()));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long every = settings.progress().toMillis();
        ticker.scheduleAtFixedRate(
            () -> say(progressLine(feeder, tally, start)), every, every, TimeUnit.MILLISECONDS);
        try {
          feeder.run(start);
          long fedFor = System.currentTimeMillis() - start;
          tally.awaitAllEnded(settings.drain());
          ticker.shutdownNow();
          reader.throwIfFailed();
          say(progressLine(feeder, tally, start));
          Map<String, Double> after = settledMetrics(metrics, fetch);
          reader.close();
          return new LoadReport(settings).of(speech, mode, feeder, tally, fedFor, before, after);
        } finally {
          ticker.shutdownNow();
        }
      }
    }
  }

  /** For each expected word, the chunk whose arrival triggers the decode that first hears it. */
  private static int[] triggerChunks(LoadSpeech speech, LatencyMode mode) {
    DecodePoints points = new DecodePoints(SessionSettings.of(mode));
    long total = speech.audio().length;
    int[] chunks = new int[speech.words().size()];
    for (int k = 0; k < chunks.length; k++) {
      long start = Math.round(speech.words().get(k).startSeconds() * 16_000);
      chunks[k] = DecodePoints.chunkReaching(points.firstHearing(start, total));
    }
    return chunks;
  }

  private Path modelDir(Path workDir) throws IOException {
    Path dir = settings.modelDir() != null ? settings.modelDir() : workDir.resolve("model");
    Files.createDirectories(dir);
    return dir;
  }

  private ModelSpec models(Path workDir) throws IOException {
    return switch (settings.recognizer()) {
      case NULL -> new ModelSpec("null-recognizer", "cpu", "fp32", 0, null, LoadRecognizers.NULL);
      case FIXTURE -> ModelSpec.parakeet(modelDir(workDir), "cpu", null);
      case SYNTHETIC -> {
        Path dir = modelDir(workDir);
        if (SyntheticParakeet.layersOf(dir).isEmpty()) {
          say("writing a synthetic model with " + settings.layers() + " layers to " + dir);
          SyntheticParakeet.write(dir, SyntheticParakeet.Shape.parakeet(settings.layers()), 12);
        }
        yield new ModelSpec(dir.toString(), "cpu", "fp32", 0, null, LoadRecognizers.MODEL_COST);
      }
    };
  }

  /** Like the ingest bridge's producer: idempotent, acks=all, 5 ms linger. */
  private static Producer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "captionflow-load-feeder");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private Duration fetchInterval(FlinkMetrics metrics) {
    try {
      return metrics.fetchInterval();
    } catch (Exception e) {
      LOG.warn("reading the Flink configuration over REST: {}", e.toString());
      return FlinkMetrics.DEFAULT_FETCH_INTERVAL;
    }
  }

  /**
   * The metrics once the REST endpoint has fetched them after now: a first read asks for a fetch,
   * the second, one fetch interval later, gets it. Empty when REST does not answer.
   */
  private Map<String, Double> settledMetrics(FlinkMetrics metrics, Duration fetch) {
    try {
      metrics.read(METRICS);
      Thread.sleep(fetch.toMillis() + 500);
      return metrics.read(METRICS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception e) {
      LOG.warn("reading the job's metrics over REST: {}", e.toString());
      return Map.of();
    }
  }

  private String progressLine(SessionFeeder feeder, TranscriptTally tally, long start) {
    double elapsed = Math.max(0, System.currentTimeMillis() - start) / 1000.0;
    long chunks = feeder.chunksSent();
    List<Long> latencies = tally.latencies();
    String latency =
        latencies.isEmpty()
            ? "no words yet"
            : String.format(
                Locale.ROOT,
                "%d words heard, latency p50 %d p99 %d ms",
                latencies.size(),
                Percentiles.nearestRank(latencies, 50),
                Percentiles.nearestRank(latencies, 99));
    return String.format(
        Locale.ROOT,
        "%5.1f s: %d of %d chunks fed, feed lag max %d ms; %s; %d/%d sessions ended",
        elapsed,
        chunks,
        (long) settings.sessions() * feeder.chunksPerSession(),
        feeder.maxLagMillis(),
        latency,
        tally.sessionsEnded(),
        settings.sessions());
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  private void say(String line) {
    synchronized (progress) {
      progress.println("load: " + line);
      progress.flush();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
