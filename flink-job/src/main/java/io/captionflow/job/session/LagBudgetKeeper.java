package io.captionflow.job.session;

import io.captionflow.schema.SessionState;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;

/**
 * Applies the {@link LagBudget} to the sessions of a subtask: each session's {@link SessionLag} in
 * memory, and in keyed state ({@code lag-budget}) once it has decided anything, so a restore keeps
 * its decisions. Used with the session's key current.
 */
final class LagBudgetKeeper {

  /** Epoch milliseconds now; serializable, as it travels with the operator. */
  @FunctionalInterface
  interface WallClock extends Serializable {
    long millis();
  }

  private final LagBudget budget;
  private final WallClock clock;
  private final Histogram sessionLagMillis;
  private final ValueState<byte[]> stored;
  private final Map<String, SessionLag> lags = new HashMap<>();
  private final Counter sessionsDegraded;
  private final Counter audioSkippedMillis;

  LagBudgetKeeper(
      LagBudget budget, WallClock clock, KeyedStateStore states, SessionMetrics metrics) {
    this.budget = budget;
    this.clock = clock;
    this.sessionLagMillis = metrics.sessionLagMillis;
    this.stored =
        states.getState(
            new ValueStateDescriptor<>(
                "lag-budget", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    this.sessionsDegraded = metrics.sessionsDegraded;
    this.audioSkippedMillis = metrics.audioSkippedMillis;
  }

  /**
   * Judges a chunk captured at {@code captureTimeMillis} (0: unknown): its lag is measured; a
   * running session's is reported, falls back to a cheaper mode, or gets silence in place of audio
   * too late to be worth decoding (returned instead of {@code samples}).
   */
  float[] judge(
      String id,
      long captureTimeMillis,
      SessionStream stream,
      float[] samples,
      SessionEmitter emitter)
      throws Exception {
    if (captureTimeMillis <= 0) {
      return samples;
    }
    long lagMillis = clock.millis() - captureTimeMillis;
    sessionLagMillis.update(lagMillis);
    if (budget.off() || stream.phase() != SessionStream.Phase.RUNNING) {
      return samples;
    }
    SessionLag standing = lags.get(id);
    if (standing == null) {
      byte[] bytes = stored.value();
      standing = bytes == null ? new SessionLag() : SessionLag.fromBytes(bytes);
      lags.put(id, standing);
    }
    SessionLag.Verdict v =
        standing.observe(
            budget,
            lagMillis,
            stream.settings().mode(),
            stream.speaking(),
            stream.audioSamples(),
            samples.length);
    if (v == SessionLag.Verdict.KEEP) {
      return samples;
    }
    stored.update(standing.toBytes());
    if (v.restart()) {
      stream.restartDecoding(emitter);
    }
    if (v.fallBackTo() != null) {
      if (stream.degradeTo(v.fallBackTo(), v.status(), emitter)) {
        sessionsDegraded.inc();
      }
    } else if (v.status() != null) {
      emitter.status(
          SessionState.STARTED,
          v.status(),
          stream.settings().language(),
          stream.audioSamples() / (double) AudioRing.SAMPLE_RATE);
    }
    if (v.skip()) {
      audioSkippedMillis.inc(samples.length * 1000L / AudioRing.SAMPLE_RATE);
      return new float[samples.length];
    }
    return samples;
  }

  /** The current key's session is gone (ended or forgotten): its standing goes with it. */
  void forget(String id) {
    lags.remove(id);
    stored.clear();
  }
}
