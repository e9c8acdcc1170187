package io.captionflow.job.enhance;

import io.captionflow.job.JobConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enhances one run end to end: finds it on the topics ({@link RunLocator}), runs its {@link
 * EnhancementJob} in the environment it is given (a local MiniCluster, or a Flink cluster of its
 * own), tries again after a failure as {@link RetryPolicy} allows (a retry writes the same
 * sequences again), and reads the result back from the segments topic.
 */
public final class EnhancementRunner {

  private static final Logger LOG = LoggerFactory.getLogger(EnhancementRunner.class);

  /** How often a running job reports that it is still at work. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final JobConfig config;
  private final Duration readTimeout;
  private final Supplier<StreamExecutionEnvironment> environments;
  private final RetryPolicy retry;
  private final Consumer<String> progress;

  public EnhancementRunner(
      JobConfig config,
      Duration readTimeout,
      Supplier<StreamExecutionEnvironment> environments,
      RetryPolicy retry,
      Consumer<String> progress) {
    this.config = config;
    this.readTimeout = readTimeout;
    this.environments = environments;
    this.retry = retry;
    this.progress = progress;
  }

  /**
   * Enhances run {@code run} of {@code sessionId} (empty: its newest ended run). A run that has not
   * ended, or cannot be found, is refused with an {@link IllegalArgumentException} naming why; a
   * job still failing after the last attempt throws {@link EnhancementFailedException}.
   */
  public EnhancementSummary enhance(String sessionId, OptionalLong run)
      throws InterruptedException {
    long t0 = System.nanoTime();
    RunLocator locator = new RunLocator(config.bootstrapServers(), config.topics(), readTimeout);
    EnhancementRequest request = locator.locate(sessionId, run);
    progress.accept(
        request
            + ": audio in "
            + config.topics().audio()
            + " "
            + request.range()
            + " ("
            + request.range().foundBy()
            + ")");
    RunSettings s = request.settings();
    progress.accept(
        request
            + ": "
            + (s.diarization() ? "speakers (at most " + s.maxSpeakers() + ")" : "no speakers")
            + ", language "
            + (s.language() == null ? "the model's default" : s.language())
            + ", segments "
            + (s.closeAtPunctuation() ? "also closed at punctuation" : "closed at pauses only")
            + " (from the "
            + s.source()
            + ")");
    EnhancementJob job = EnhancementJob.overKafka(config, request);
    int attempt = 1;
    while (true) {
      try {
        runOnce(job, attempt);
        break;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          throw (InterruptedException) e;
        }
        String cause = rootMessage(e);
        if (attempt >= retry.attempts()) {
          throw new EnhancementFailedException(
              request + ": enhancement failed after " + attempt + " attempts: " + cause, e);
        }
        Duration wait = retry.backoffAfter(attempt);
        progress.accept(
            request
                + ": attempt "
                + attempt
                + " failed ("
                + cause
                + "); trying again in "
                + wait.toMillis() / 1000.0
                + " s");
        LOG.warn("{}: attempt {} failed", request, attempt, e);
        Thread.sleep(wait.toMillis());
        attempt++;
      }
    }
    SessionLedger ledger =
        SessionLedger.read(
            config.bootstrapServers(), config.topics().segments(), sessionId, readTimeout);
    double audioSeconds =
        ledger.lastEnhanced(request.run()).map(st -> st.getAtSeconds()).orElse(0.0);
    return EnhancementSummary.of(
        ledger, request.run(), audioSeconds, (System.nanoTime() - t0) / 1e9, attempt);
  }

  private void runOnce(EnhancementJob job, int attempt) throws Exception {
    long t0 = System.nanoTime();
    progress.accept(job.jobName() + ": attempt " + attempt + " running");
    JobClient client = job.start(environments.get());
    var result = client.getJobExecutionResult();
    while (true) {
      try {
        result.get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "%s: still at work after %.0f s",
                job.jobName(),
                (System.nanoTime() - t0) / 1e9));
      }
    }
    progress.accept(
        String.format(
            Locale.ROOT, "%s: finished in %.1f s", job.jobName(), (System.nanoTime() - t0) / 1e9));
  }

  /** The innermost message: what actually went wrong inside the job. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
