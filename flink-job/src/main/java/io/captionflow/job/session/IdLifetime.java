package io.captionflow.job.session;

import java.time.Duration;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What outlives a session under its id, in keyed state: the ended marker ({@code ended}: later
 * chunks of the id are dead letters until a START reuses it) and the run counter ({@code run}).
 */
final class IdLifetime {

  /**
   * How long a session id's run counter outlives its last use. Far beyond the ended marker (1 h),
   * any sink's lookback (2 h default) and session retention, so a sink never sees an id's runs
   * restart from 0 while it still remembers a higher one.
   */
  static final Duration RUN_COUNTER_TTL = Duration.ofDays(7);

  private final ValueState<Boolean> ended;
  private final ValueState<Long> run;

  IdLifetime(KeyedStateStore states, Duration endedMarkerTtl) {
    ValueStateDescriptor<Boolean> endedDescriptor =
        new ValueStateDescriptor<>("ended", Types.BOOLEAN);
    endedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(endedMarkerTtl).build());
    ended = states.getState(endedDescriptor);
    // Survives the session's end, like the ended marker; every event reads it, which keeps it
    // alive.
    ValueStateDescriptor<Long> runDescriptor = new ValueStateDescriptor<>("run", Types.LONG);
    runDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(RUN_COUNTER_TTL)
            .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
            .build());
    run = states.getState(runDescriptor);
  }

  /** Whether the current key's session ended (and its id was not reused since). */
  boolean ended() throws Exception {
    return Boolean.TRUE.equals(ended.value());
  }

  void markEnded() throws Exception {
    ended.update(true);
  }

  /** A START reuses the id for a new session. */
  void reuse() {
    ended.clear();
  }

  /**
   * No session is live for this id: its input starts the next run (0 for the id's first). Keyed
   * state, so a recovery numbers runs exactly as before.
   */
  void startRun() throws Exception {
    Long previous = run.value();
    run.update(previous == null ? 0 : previous + 1);
  }

  // State from before runs were counted has none: that session is run 0.
  long currentRun() throws Exception {
    Long current = run.value();
    return current == null ? 0 : current;
  }
}
