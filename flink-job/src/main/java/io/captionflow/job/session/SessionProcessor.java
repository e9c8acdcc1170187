package io.captionflow.job.session;

import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.inference.SharedModels;
import io.captionflow.job.source.DeadLetters;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.TranscriptEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the keyed operator ({@link SessionOperator}) does for one session id: loads its {@link
 * SessionStream} from keyed state once per bundle, feeds it the bundle's input, turns what it emits
 * into records and metrics, and stores it back. The model is shared per task manager through {@link
 * SharedModels}.
 *
 * <p>Time-based ends (idle expiry, an END whose audio does not all arrive, an END without a last
 * sequence) are event-time timers: the session's latest input time (record timestamp, or the
 * watermark if that is later) plus the wait. They fire only once the watermark says the job has
 * caught up with its input, never while the session's audio may still wait in Kafka, right after a
 * restore included.
 */
public final class SessionProcessor implements Serializable {

  /** The operator's side of one key: its clock, timers and outputs. */
  interface KeyContext {
    String key();

    long currentWatermark();

    void registerEventTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    /** Emits with the timestamp of the input being processed (or of the key's latest input). */
    void emit(TranscriptEvent event, Long timestamp);

    void deadLetter(DeadLetter letter);
  }

  /**
   * A session's stream loaded for the bundle (null before its first input or after it ended), the
   * emitter of its current run, and the event time of its latest input in the bundle.
   */
  final class LoadedSession {
    final String id;
    SessionStream stream;
    SessionEmitter emitter;
    long latestInputTime = Long.MIN_VALUE;

    private LoadedSession(String id) {
      this.id = id;
    }
  }

  public static final String STAGE = "flink-job/session";

  /**
   * How long a session id's run counter outlives its last use. Far beyond the ended marker (1 h),
   * any sink's lookback (2 h default) and session retention, so a sink never sees an id's runs
   * restart from 0 while it still remembers a higher one.
   */
  public static final Duration RUN_COUNTER_TTL = Duration.ofDays(7);

  private static final Logger LOG = LoggerFactory.getLogger(SessionProcessor.class);

  private final ModelSpec models;
  private final SessionStream.Defaults defaults;
  private final long idleExpiryMillis;
  private final long endGraceMillis;
  private final Duration endedMarkerTtl;
  private final int maxSessions;
  private final LagBudget lagBudget;
  private final LagBudgetKeeper.WallClock wallClock;

  private transient SessionStore store;
  private transient SessionDeadlines deadlines;
  private transient ValueState<Boolean> ended;
  private transient ValueState<Long> sessionRun;
  private transient TaskModels taskModels;
  private transient SessionMetrics metrics;
  private transient Set<String> active;
  private transient LagBudgetKeeper lags;

  public SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl) {
    this(models, defaults, idleExpiry, endGrace, endedMarkerTtl, 0, LagBudget.OFF);
  }

  /**
   * {@code maxSessions}: sessions a subtask transcribes at once, more are refused (0: no limit);
   * {@code lagBudget}: how far behind capture a session may fall before it is degraded.
   */
  public SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl,
      int maxSessions,
      LagBudget lagBudget) {
    this(models, defaults, idleExpiry, endGrace, endedMarkerTtl, maxSessions, lagBudget, null);
  }

  /** {@code wallClock}: what a chunk's capture time is compared with (null: the system's). */
  SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl,
      int maxSessions,
      LagBudget lagBudget,
      LagBudgetKeeper.WallClock wallClock) {
    if (maxSessions < 0) {
      throw new IllegalArgumentException(
          "max sessions must be 0 (no limit) or more, got " + maxSessions);
    }
    this.models = models;
    this.defaults = defaults;
    this.idleExpiryMillis = idleExpiry.toMillis();
    this.endGraceMillis = endGrace.toMillis();
    this.endedMarkerTtl = endedMarkerTtl;
    this.maxSessions = maxSessions;
    this.lagBudget = lagBudget;
    this.wallClock = wallClock != null ? wallClock : System::currentTimeMillis;
  }

  public void open(KeyedStateStore states, MetricGroup operatorMetrics, RuntimeContext runtime) {
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
    sessionRun = states.getState(runDescriptor);
    deadlines = new SessionDeadlines(states, idleExpiryMillis, endGraceMillis);
    taskModels = new TaskModels(models, runtime);
    active = ConcurrentHashMap.newKeySet(); // read by the metric reporter thread
    metrics = new SessionMetrics(operatorMetrics, active);
    store = new SessionStore(states, defaults, taskModels.models(), metrics.stateBytesWritten);
    lags = new LagBudgetKeeper(lagBudget, wallClock, states, metrics);
  }

  /** The batched decode rounds of this operator's sessions, reporting to its metrics. */
  public DecodeRounds decodeRounds(int maxBatch) {
    return new DecodeRounds(
        taskModels.models().decoder(),
        taskModels.models().streaming(),
        maxBatch,
        metrics.decodeBatch,
        metrics.decodeWaitMillis);
  }

  public void close() {
    if (taskModels != null) {
      taskModels.close();
      taskModels = null;
    }
  }

  public LoadedSession load(String id) {
    return new LoadedSession(id);
  }

  /**
   * One input of the bundle, in arrival order: its session loads from state on first use (decodes
   * then wait for the bundle's rounds), and an ended session is stored at once, as its id may start
   * a new run later in the same bundle.
   */
  public void apply(LoadedSession s, SessionInput in, Long timestamp, KeyContext ctx)
      throws Exception {
    if (s.stream == null && Boolean.TRUE.equals(ended.value())) {
      if (in.event != null && in.event.getType() == SessionEventType.START) {
        ended.clear(); // the id is reused for a new session
      } else {
        if (in.chunk != null) {
          deadLetter(ctx, in, "chunk " + in.chunk.getSequence() + " for ended session " + s.id);
        }
        return;
      }
    }
    boolean start = in.event != null && in.event.getType() == SessionEventType.START;
    if (start && s.stream != null && s.stream.phase() == SessionStream.Phase.REFUSED) {
      store.forget(s.id); // a refused room starting again asks anew: there may be a place now
      lags.forget(s.id);
      s.stream = null;
    }
    if (s.stream == null) {
      SessionStream stored = store.stored(s.id);
      if (start && stored != null && stored.phase() == SessionStream.Phase.REFUSED) {
        store.forget(s.id);
        lags.forget(s.id);
        stored = null;
      }
      if (in.event != null
          && in.event.getType() == SessionEventType.END
          && in.event.getLastSequence() == null
          && stored == null) {
        return; // END of a session that never sent anything: nothing to flush
      }
      boolean newRun = stored == null;
      if (newRun) {
        startRun();
        SessionModels m = taskModels.models();
        stored =
            SessionStream.create(defaults, m.decoder(), m.streaming(), m.vad(), m.diarization());
      }
      s.stream = stored;
      s.stream.deferDecodes();
      s.emitter = new SessionEmitter(s.id, currentRun(), ctx, metrics);
      active.add(s.id);
      if (newRun && maxSessions > 0 && store.liveSessions() >= maxSessions) {
        String reason =
            "this job subtask already transcribes "
                + maxSessions
                + " sessions, its limit (job --max-sessions); start the room again later or add"
                + " task slots";
        s.stream.refuse(reason, in.event != null ? in.event.getLanguage() : null, s.emitter);
        metrics.sessionsRefused.inc();
      }
    }
    s.emitter.timestamp = timestamp;
    s.latestInputTime = Math.max(s.latestInputTime, inputTime(timestamp, ctx));
    if (in.event != null) {
      onEvent(in, s.stream, s.emitter, ctx);
    } else {
      onChunk(in, s.stream, s.emitter, ctx);
    }
    if (s.stream.phase() == SessionStream.Phase.ENDED) {
      store(s.stream, s.latestInputTime, ctx);
      s.stream = null;
    }
  }

  /** Stores the session after the bundle's decode rounds. */
  public void store(LoadedSession s, KeyContext ctx) throws Exception {
    if (s.stream != null) {
      store(s.stream, s.latestInputTime, ctx);
    }
  }

  private void onEvent(
      SessionInput in, SessionStream stream, SessionEmitter emitter, KeyContext ctx)
      throws Exception {
    SessionEvent event = in.event;
    if (event.getType() == SessionEventType.END) {
      deadlines.requestEnd();
      if (event.getLastSequence() != null) {
        stream.endAfter(event.getLastSequence(), emitter);
      }
      return;
    }
    try {
      boolean wasRefused = stream.phase() == SessionStream.Phase.REFUSED;
      stream.requestEnhancement(event.getEnhanceOnEnd());
      stream.onStart(SessionSettings.fromEvent(event, defaults.mode()), emitter);
      if (!wasRefused && stream.phase() == SessionStream.Phase.REFUSED) {
        deadLetter(ctx, in, "START refused: " + emitter.lastReason);
      }
    } catch (IllegalArgumentException e) {
      String reason = "START refused: " + e.getMessage();
      deadLetter(ctx, in, reason);
      emitter.status(
          SessionState.REFUSED, reason, event.getLanguage(), stream.audioSamples() / 16000.0);
    }
  }

  private void onChunk(
      SessionInput in, SessionStream stream, SessionEmitter emitter, KeyContext ctx)
      throws Exception {
    AudioChunk chunk = in.chunk;
    if (stream.phase() == SessionStream.Phase.REFUSED) {
      metrics.chunksRefused
          .inc(); // the audio stays in the audio topic: replay it once diarization is available
      return;
    }
    stream.locateAudio(in.partition, in.offset);
    float[] samples =
        lags.judge(in.sessionId, chunk.getCaptureTimeMillis(), stream, in.samples, emitter);
    switch (stream.onChunk(
        chunk.getSequence(),
        samples,
        chunk.getCaptureTimeMillis(),
        chunk.getEndOfStream(),
        emitter)) {
      case DUPLICATE -> metrics.chunksDuplicate.inc();
      case REORDERED -> metrics.chunksReordered.inc();
      case TOO_LATE ->
          deadLetter(
              ctx,
              in,
              "chunk "
                  + chunk.getSequence()
                  + " of session "
                  + in.sessionId
                  + " arrived after its place was filled with silence (more than "
                  + stream.reorderWindow()
                  + " chunks out of order)");
      default -> {}
    }
  }

  /**
   * A processing-time timer: a deadline stored before deadlines followed event time. It now waits
   * for the job to catch up to it instead of firing on a restored job's wall clock.
   */
  public void onProcessingTimer(long timestamp, KeyContext ctx) throws Exception {
    if (deadlines.isDue(timestamp) && store.stored(ctx.key()) != null) {
      ctx.registerEventTimeTimer(timestamp);
    }
  }

  /** An event-time deadline: the session expires, or its END's grace is over. */
  public void onEventTimer(long timestamp, KeyContext ctx) throws Exception {
    SessionStream stream = deadlines.isDue(timestamp) ? store.stored(ctx.key()) : null;
    if (stream == null) {
      return;
    }
    boolean endEvent = deadlines.endRequested();
    String reason = deadlines.reason(stream.endAfterSequence());
    SessionEmitter emitter = new SessionEmitter(ctx.key(), currentRun(), ctx, metrics);
    emitter.timestamp = timestamp;
    stream.finish(endEvent ? SessionState.ENDED : SessionState.EXPIRED, reason, emitter);
    store(stream, Long.MIN_VALUE, ctx);
  }

  /**
   * No session is live for this id: its input starts the next run (0 for the id's first). Keyed
   * state, so a recovery numbers runs exactly as before.
   */
  private void startRun() throws Exception {
    Long previous = sessionRun.value();
    sessionRun.update(previous == null ? 0 : previous + 1);
  }

  // State from before runs were counted has none: that session is run 0.
  private long currentRun() throws Exception {
    Long current = sessionRun.value();
    return current == null ? 0 : current;
  }

  /** Sessions changed since the last checkpoint: {@link #persist} each with its key current. */
  public Set<String> changedSessions() {
    return store.changedSessions();
  }

  /**
   * Writes the current key's session to keyed state: the ring audio appended since the last
   * checkpoint as blocks, the rest (a few kB) as one value.
   */
  public void persist(String id) throws Exception {
    store.persist(id);
  }

  private void store(SessionStream stream, long inputTime, KeyContext ctx) throws Exception {
    String id = ctx.key();
    if (stream.phase() == SessionStream.Phase.ENDED) {
      store.forget(id);
      lags.forget(id);
      deadlines.clear(ctx);
      ended.update(true);
      active.remove(id);
      return;
    }
    store.keep(id, stream);
    deadlines.update(inputTime, ctx);
  }

  /**
   * The input's event time: its record timestamp, or the watermark when that is later (a producer
   * whose clock lags) or the record has none.
   */
  private static long inputTime(Long timestamp, KeyContext ctx) {
    long recorded = timestamp != null && timestamp >= 0 ? timestamp : Long.MIN_VALUE;
    return Math.max(recorded, ctx.currentWatermark());
  }

  private void deadLetter(KeyContext ctx, SessionInput in, String reason) {
    LOG.warn("dead letter from {}-{}@{}: {}", in.topic, in.partition, in.offset, reason);
    metrics.deadLetters.inc();
    ctx.deadLetter(DeadLetters.of(in, reason, STAGE));
  }
}
