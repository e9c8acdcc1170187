package io.captionflow.job;

import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.SessionOperator;
import io.captionflow.job.session.SessionStream;
import io.captionflow.schema.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the job is told from outside, immutable. Built from the environment ({@code
 * CAPTIONFLOW_KAFKA_BOOTSTRAP}, {@code CAPTIONFLOW_TOPIC_*}, {@code PARAKEET_MODEL_DIR}, {@code
 * SILERO_VAD_MODEL}, {@code SORTFORMER_MODEL_PATH}, {@code CAPTIONFLOW_PRECISION}, {@code
 * CAPTIONFLOW_DEVICE}, {@code CAPTIONFLOW_ORT_THREADS}) and then overridden by flags.
 *
 * @param startWaitSeconds audio a session may hold while waiting for its START event before job
 *     defaults apply
 * @param maxChunkSeconds longer chunks are dead-lettered as oversize
 * @param reorderWindow the reorder bound: chunks held while waiting for a missing one before it is
 *     declared lost (within it, late, reordered and duplicated chunks lose nothing)
 * @param idleExpiry a session with no input this long (in event time, once caught up) is flushed
 *     and closed
 * @param endGrace after an END whose audio does not all arrive (or that names no last chunk), how
 *     long after the session's last input to end it (event time, once caught up)
 * @param caughtUpAfter a Kafka partition silent this long counts as caught up: its event time then
 *     follows the clock, so the two waits above can run out
 * @param lagBudget how far behind capture a session may fall before its status says so and the job
 *     degrades it
 */
public record JobConfig(
    String bootstrapServers,
    Topics topics,
    String groupId,
    ModelSpec models,
    LatencyMode defaultMode,
    Duration checkpointInterval,
    int parallelism,
    Duration idleExpiry,
    Duration endGrace,
    double startWaitSeconds,
    double maxChunkSeconds,
    int reorderWindow,
    boolean partials,
    Duration caughtUpAfter,
    SessionOperator.Bundle bundle,
    int maxSessions,
    LagBudget lagBudget) {

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  /** ONNX Runtime's global thread pool per task manager ({@code --ort-threads}). */
  public static final String ORT_THREADS_ENV = "CAPTIONFLOW_ORT_THREADS";

  /** 6.4 s of 100 ms chunks: a whole short clip published in reverse still loses nothing. */
  public static final int DEFAULT_REORDER_WINDOW = 64;

  public JobConfig {
    if (maxSessions < 0) {
      throw new IllegalArgumentException(
          "max sessions per subtask must be 0 (no limit) or more, got " + maxSessions);
    }
    if (reorderWindow < 1) {
      throw new IllegalArgumentException(
          "reorder window must be at least 1 chunk, got " + reorderWindow);
    }
    if (caughtUpAfter.isNegative() || caughtUpAfter.isZero()) {
      throw new IllegalArgumentException(
          "the caught-up period must be positive, got " + caughtUpAfter);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkpoint interval must be positive, got " + checkpointInterval);
    }
  }

  public static JobConfig fromEnvironment(Map<String, String> env) {
    RecognizerConfig recognizer = RecognizerConfig.fromEnvironment(env);
    String silero = env.get("SILERO_VAD_MODEL");
    return new JobConfig(
        env.getOrDefault("CAPTIONFLOW_KAFKA_BOOTSTRAP", DEFAULT_BOOTSTRAP),
        Topics.fromEnvironment(env),
        "captionflow-job",
        ModelSpec.parakeet(
                recognizer.modelDir(),
                recognizer.deviceId(),
                silero == null || silero.isBlank() ? null : silero)
            .withPrecision(recognizer.precision().id())
            .withOrtThreads(ortThreads(env.get(ORT_THREADS_ENV)))
            .withSortformerModel(env.get("SORTFORMER_MODEL_PATH"))
            .withStreamingModel(env.get("CAPTIONFLOW_STREAMING_MODEL_DIR")),
        LatencyMode.SPEEDY,
        Duration.ofSeconds(2),
        1,
        Duration.ofMinutes(5),
        Duration.ofSeconds(5),
        60.0,
        2.0,
        DEFAULT_REORDER_WINDOW,
        true,
        Duration.ofSeconds(30),
        SessionOperator.Bundle.DEFAULT,
        0,
        LagBudget.DEFAULT);
  }

  /** {@code CAPTIONFLOW_ORT_THREADS}: unset or blank is 0, ONNX Runtime's default. */
  static int ortThreads(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int threads = Integer.parseInt(value.trim());
      if (threads >= 0) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name
    }
    throw new IllegalArgumentException(
        ORT_THREADS_ENV
            + " must be a whole number >= 0 (0 = ONNX Runtime's default), got '"
            + value
            + "'");
  }

  public SessionStream.Defaults sessionDefaults() {
    return new SessionStream.Defaults(defaultMode, startWaitSeconds, reorderWindow, partials);
  }

  public JobConfig withKafka(String bootstrap, Topics t, String group) {
    return copy(
        c -> {
          c.bootstrapServers = bootstrap;
          c.topics = t;
          c.groupId = group;
        });
  }

  public JobConfig withModels(ModelSpec m) {
    return copy(c -> c.models = m);
  }

  public JobConfig withDefaultMode(LatencyMode mode) {
    return copy(c -> c.defaultMode = mode);
  }

  public JobConfig withCheckpointInterval(Duration interval) {
    return copy(c -> c.checkpointInterval = interval);
  }

  public JobConfig withParallelism(int p) {
    return copy(c -> c.parallelism = p);
  }

  public JobConfig withExpiry(Duration idle, Duration grace) {
    return copy(
        c -> {
          c.idleExpiry = idle;
          c.endGrace = grace;
        });
  }

  public JobConfig withPartials(boolean p) {
    return copy(c -> c.partials = p);
  }

  public JobConfig withReorderWindow(int chunks) {
    return copy(c -> c.reorderWindow = chunks);
  }

  public JobConfig withCaughtUpAfter(Duration period) {
    return copy(c -> c.caughtUpAfter = period);
  }

  public JobConfig withBundle(SessionOperator.Bundle b) {
    return copy(c -> c.bundle = b);
  }

  public JobConfig withMaxSessions(int sessions) {
    return copy(c -> c.maxSessions = sessions);
  }

  public JobConfig withLagBudget(LagBudget budget) {
    return copy(c -> c.lagBudget = budget);
  }

  private JobConfig copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy, so each with-method names only what it changes. */
  private static final class Copy {
    String bootstrapServers;
    Topics topics;
    String groupId;
    ModelSpec models;
    LatencyMode defaultMode;
    Duration checkpointInterval;
    int parallelism;
    Duration idleExpiry;
    Duration endGrace;
    double startWaitSeconds;
    double maxChunkSeconds;
    int reorderWindow;
    boolean partials;
    Duration caughtUpAfter;
    SessionOperator.Bundle bundle;
    int maxSessions;
    LagBudget lagBudget;

    Copy(JobConfig j) {
      bootstrapServers = j.bootstrapServers;
      topics = j.topics;
      groupId = j.groupId;
      models = j.models;
      defaultMode = j.defaultMode;
      checkpointInterval = j.checkpointInterval;
      parallelism = j.parallelism;
      idleExpiry = j.idleExpiry;
      endGrace = j.endGrace;
      startWaitSeconds = j.startWaitSeconds;
      maxChunkSeconds = j.maxChunkSeconds;
      reorderWindow = j.reorderWindow;
      partials = j.partials;
      caughtUpAfter = j.caughtUpAfter;
      bundle = j.bundle;
      maxSessions = j.maxSessions;
      lagBudget = j.lagBudget;
    }

    JobConfig build() {
      return new JobConfig(
          bootstrapServers,
          topics,
          groupId,
          models,
          defaultMode,
          checkpointInterval,
          parallelism,
          idleExpiry,
          endGrace,
          startWaitSeconds,
          maxChunkSeconds,
          reorderWindow,
          partials,
          caughtUpAfter,
          bundle,
          maxSessions,
          lagBudget);
    }
  }
}
