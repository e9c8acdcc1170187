package io.captionflow.job.session;

import java.util.OptionalLong;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A session's time-based end, in event time: its latest input time (record timestamp, or the
 * watermark if that is later) plus the idle expiry, or the END's grace once an END came. One
 * event-time timer per session, on whole seconds. Calls act on the operator's current key.
 */
final class SessionDeadlines {

  private final long idleExpiryMillis;
  private final long endGraceMillis;
  private final ValueState<Long> deadline;
  private final ValueState<Boolean> endRequested;

  /** Event time of the session's latest input: its deadlines count from here. */
  private final ValueState<Long> lastInputTime;

  SessionDeadlines(KeyedStateStore states, long idleExpiryMillis, long endGraceMillis) {
    this.idleExpiryMillis = idleExpiryMillis;
    this.endGraceMillis = endGraceMillis;
    deadline = states.getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    endRequested = states.getState(new ValueStateDescriptor<>("end-requested", Types.BOOLEAN));
    lastInputTime = states.getState(new ValueStateDescriptor<>("last-input-time", Types.LONG));
  }

  /** An END event came: from now on the session waits the END's grace, not the idle expiry. */
  void requestEnd() throws Exception {
    endRequested.update(true);
  }

  boolean endRequested() throws Exception {
    return Boolean.TRUE.equals(endRequested.value());
  }

  /** Whether {@code timestamp} is the session's current deadline. */
  boolean isDue(long timestamp) throws Exception {
    Long due = deadline.value();
    return due != null && due == timestamp;
  }

  /** The session ended: no deadline any more. */
  void clear(SessionProcessor.KeyContext ctx) throws Exception {
    Long current = deadline.value();
    endRequested.clear();
    deadline.clear();
    lastInputTime.clear();
    if (current != null) {
      ctx.deleteEventTimeTimer(current);
    }
  }

  /** The session's latest input came at {@code inputTime}: its deadline moves after it. */
  void update(long inputTime, SessionProcessor.KeyContext ctx) throws Exception {
    Long current = deadline.value();
    Long previous = lastInputTime.value();
    long latest =
        Math.max(
            previous == null ? Long.MIN_VALUE : previous,
            Math.max(inputTime, ctx.currentWatermark()));
    if (latest == Long.MIN_VALUE) {
      return; // no clock yet (no timestamp, no watermark): the next timed input sets the deadline
    }
    lastInputTime.update(latest);
    long wait = endRequested() ? endGraceMillis : idleExpiryMillis;
    // whole seconds, so a chunk every 100 ms does not move the timer each time
    long wanted =
        latest > Long.MAX_VALUE - wait - 1000
            ? Long.MAX_VALUE
            : (latest + wait) / 1000 * 1000 + 1000;
    if (current == null || current != wanted) {
      if (current != null) {
        ctx.deleteEventTimeTimer(current);
      }
      ctx.registerEventTimeTimer(wanted);
      deadline.update(wanted);
    }
  }

  /**
   * Why the deadline ended the session: no input for the idle expiry, or an END whose audio ({@code
   * lastNamedChunk}: the chunk it named, if any) did not all arrive within its grace.
   */
  String reason(OptionalLong lastNamedChunk) throws Exception {
    if (!endRequested()) {
      return "no input for " + idleExpiryMillis / 1000 + " s";
    }
    if (lastNamedChunk.isPresent()) {
      return "END event: audio through chunk "
          + lastNamedChunk.getAsLong()
          + " still incomplete "
          + endGraceMillis / 1000
          + " s after the session's last input";
    }
    return "END event without an end-of-stream chunk";
  }
}
