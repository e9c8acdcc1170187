package io.captionflow.job.session;

import io.captionflow.audio.PcmCodec;
import io.captionflow.diarization.session.DiarizationAvailability;
import io.captionflow.inference.SpeechRecognizer;
import io.captionflow.inference.cacheaware.StreamingRecognizer;
import io.captionflow.inference.vad.VadModel;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.inference.CudaDeviceSelection;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.FrameVad;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.inference.RmsFrameVad;
import io.captionflow.job.inference.SharedModels;
import io.captionflow.job.inference.VadModelFrames;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.job.sink.TranscriptEvents;
import io.captionflow.job.source.DeadLetters;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.TranscriptEvent;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
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
    Emitter emitter;
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
  private final WallClock wallClock;

  private transient ValueState<byte[]> session;
  private transient MapState<Long, byte[]> ringAudio;
  private transient AudioBlocks audioBlocks;

  /**
   * Live sessions of this subtask, kept between bundles so an input costs no state read; keyed
   * state gets them at each checkpoint ({@link #persist}), and is where a restore reads them.
   */
  private transient Map<String, SessionStream> inMemory;

  private transient Set<String> changed;
  private transient ValueState<Boolean> ended;
  private transient ValueState<Long> sessionRun;
  private transient ValueState<Long> deadline;
  private transient ValueState<Boolean> endRequested;

  /** Event time of the session's latest input: its deadlines count from here. */
  private transient ValueState<Long> lastInputTime;

  private transient SharedModels.Lease<SpeechRecognizer> model;
  private transient WindowDecoder decoder;
  private transient SharedModels.Lease<StreamingRecognizer> streamingModel;
  private transient SharedModels.Lease<VadModel> vadModel;
  private transient FrameVad vad;
  private transient SharedModels.Lease<DiarizationAvailability> diarizationModel;
  private transient Diarization diarization;
  private transient volatile long diarizationNanos;
  private transient volatile long diarizedSamples;
  private transient Counter chunksRefused;
  private transient MetricGroup metrics;
  private transient Map<LatencyMode, ChurnCounters> churn;
  private transient Counter diarizationLost;
  private transient Set<String> active;
  private transient Histogram inferenceMillis;
  private transient Histogram confirmedSegmentLatencyMillis;
  private transient Histogram finalWordLatencyMillis;
  private transient Counter chunksDuplicate;
  private transient Counter chunksReordered;
  private transient Counter chunksGapFilled;
  private transient Counter deadLetters;
  private transient volatile long audioToEmitLagMillis;
  private transient AvroCodec<AudioChunk> chunkCodec;
  private transient Counter stateBytesWritten;
  private transient Counter sessionsRefused;
  private transient Histogram sessionLagMillis;

  /** Each session's standing against the lag budget; keyed state holds those that have one. */
  private transient ValueState<byte[]> lagState;

  private transient Map<String, SessionLag> lags;
  private transient Counter sessionsDegraded;
  private transient Counter audioSkippedMillis;
  private transient Histogram decodeBatch;
  private transient Histogram decodeWaitMillis;

  public SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl) {
    this(models, defaults, idleExpiry, endGrace, endedMarkerTtl, 0);
  }

  /**
   * {@code maxSessions}: sessions a subtask transcribes at once; more are refused (0: no limit).
   */
  public SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl,
      int maxSessions) {
    this(models, defaults, idleExpiry, endGrace, endedMarkerTtl, maxSessions, LagBudget.OFF);
  }

  /** {@code lagBudget}: how far behind capture a session may fall before it is degraded. */
  public SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl,
      int maxSessions,
      LagBudget lagBudget) {
    this(
        models,
        defaults,
        idleExpiry,
        endGrace,
        endedMarkerTtl,
        maxSessions,
        lagBudget,
        System::currentTimeMillis);
  }

  /** {@code wallClock}: now in epoch milliseconds, what a chunk's capture time is compared with. */
  SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl,
      int maxSessions,
      LagBudget lagBudget,
      WallClock wallClock) {
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
    this.wallClock = wallClock;
  }

  /** Epoch milliseconds now; serializable, as it travels with the operator. */
  @FunctionalInterface
  interface WallClock extends Serializable {
    long millis();
  }

  public void open(KeyedStateStore states, MetricGroup operatorMetrics, RuntimeContext runtime) {
    session =
        states.getState(
            new ValueStateDescriptor<>(
                "session", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
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
    deadline = states.getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    endRequested = states.getState(new ValueStateDescriptor<>("end-requested", Types.BOOLEAN));
    lastInputTime = states.getState(new ValueStateDescriptor<>("last-input-time", Types.LONG));
    // this task manager's GPU (Flink's gpu external resource), if it has one
    ModelSpec task = CudaDeviceSelection.forTask(models, runtime);
    if (task.hasOfflineModel()) {
      model = task.acquireRecognizer();
      decoder = new WindowDecoder(model.model());
    }
    if (task.hasStreamingModel()) {
      streamingModel = task.acquireStreamingRecognizer();
    }
    if (task.hasSileroVad()) {
      vadModel = task.acquireSileroVad();
      vad = new VadModelFrames(vadModel.model());
    } else {
      vad = new RmsFrameVad();
    }
    diarizationModel = task.acquireDiarization();
    diarization = new Diarization(diarizationModel.model());
    active = ConcurrentHashMap.newKeySet(); // read by the metric reporter thread
    chunkCodec = AvroCodec.audioChunk();
    ringAudio =
        states.getMapState(
            new MapStateDescriptor<>(
                "ring-audio", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    inMemory = new HashMap<>();
    changed = new LinkedHashSet<>();
    metrics = operatorMetrics.addGroup("captionflow");
    churn = new EnumMap<>(LatencyMode.class);
    metrics.gauge("activeSessions", () -> active.size());
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
    confirmedSegmentLatencyMillis =
        metrics.histogram(
            "confirmedSegmentLatencyMillis", new DescriptiveStatisticsHistogram(1000));
    finalWordLatencyMillis =
        metrics.histogram("finalWordLatencyMillis", new DescriptiveStatisticsHistogram(1000));
    metrics.gauge("audioToEmitLagMillis", () -> audioToEmitLagMillis);
    chunksDuplicate = metrics.counter("chunksDuplicate");
    chunksReordered = metrics.counter("chunksReordered");
    chunksGapFilled = metrics.counter("chunksGapFilled");
    deadLetters = metrics.counter("deadLetters");
    metrics.gauge(
        "diarizationMillisPerAudioSecond",
        () -> diarizedSamples == 0 ? 0.0 : diarizationNanos / 1e6 / (diarizedSamples / 16000.0));
    chunksRefused = metrics.counter("chunksRefused");
    diarizationLost = metrics.counter("diarizationLost");
    stateBytesWritten = metrics.counter("stateBytesWritten");
    sessionsRefused = metrics.counter("sessionsRefused");
    sessionLagMillis =
        metrics.histogram("sessionLagMillis", new DescriptiveStatisticsHistogram(1000));
    lagState =
        states.getState(
            new ValueStateDescriptor<>(
                "lag-budget", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    lags = new HashMap<>();
    sessionsDegraded = metrics.counter("sessionsDegraded");
    audioSkippedMillis = metrics.counter("audioSkippedMillis");
    audioBlocks =
        new AudioBlocks() {
          @Override
          public byte[] get(long block) throws Exception {
            return ringAudio.get(block);
          }

          @Override
          public void put(long block, byte[] bytes) throws Exception {
            ringAudio.put(block, bytes);
            stateBytesWritten.inc(bytes.length);
          }

          @Override
          public void remove(long block) throws Exception {
            ringAudio.remove(block);
          }
        };
    decodeBatch = metrics.histogram("decodeBatch", new DescriptiveStatisticsHistogram(1000));
    decodeWaitMillis =
        metrics.histogram("decodeWaitMillis", new DescriptiveStatisticsHistogram(1000));
  }

  /** The batched decode rounds of this operator's sessions, reporting to its metrics. */
  public DecodeRounds decodeRounds(int maxBatch) {
    return new DecodeRounds(
        decoder, streamingRecognizer(), maxBatch, decodeBatch, decodeWaitMillis);
  }

  private StreamingRecognizer streamingRecognizer() {
    return streamingModel == null ? null : streamingModel.model();
  }

  public void close() {
    if (model != null) {
      model.close();
      model = null;
    }
    if (streamingModel != null) {
      streamingModel.close();
      streamingModel = null;
    }
    if (vadModel != null) {
      vadModel.close();
      vadModel = null;
    }
    if (diarizationModel != null) {
      diarizationModel.close();
      diarizationModel = null;
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
      forget(s.id); // a refused room starting again asks anew: there may be a place now
      s.stream = null;
    }
    if (s.stream == null) {
      SessionStream stored = stored(s.id);
      if (start && stored != null && stored.phase() == SessionStream.Phase.REFUSED) {
        forget(s.id);
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
        stored = SessionStream.create(defaults, decoder, streamingRecognizer(), vad, diarization);
      }
      s.stream = stored;
      s.stream.deferDecodes();
      s.emitter = new Emitter(s.id, ctx);
      active.add(s.id);
      if (newRun && maxSessions > 0 && liveSessions() >= maxSessions) {
        String reason =
            "this job subtask already transcribes "
                + maxSessions
                + " sessions, its limit (job --max-sessions); start the room again later or add"
                + " task slots";
        s.stream.refuse(reason, in.event != null ? in.event.getLanguage() : null, s.emitter);
        sessionsRefused.inc();
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

  private void onEvent(SessionInput in, SessionStream stream, Emitter emitter, KeyContext ctx)
      throws Exception {
    SessionEvent event = in.event;
    if (event.getType() == SessionEventType.END) {
      endRequested.update(true);
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

  private void onChunk(SessionInput in, SessionStream stream, Emitter emitter, KeyContext ctx)
      throws Exception {
    AudioChunk chunk = in.chunk;
    if (stream.phase() == SessionStream.Phase.REFUSED) {
      chunksRefused
          .inc(); // the audio stays in the audio topic: replay it once diarization is available
      return;
    }
    stream.locateAudio(in.partition, in.offset);
    ByteBuffer pcm = chunk.getPcm().duplicate();
    byte[] bytes = new byte[pcm.remaining()];
    pcm.get(bytes);
    float[] samples =
        chunk.getEncoding() == AudioEncoding.PCM16
            ? PcmCodec.decodePcm16(bytes)
            : PcmCodec.decodeF32(bytes);
    if (chunk.getCaptureTimeMillis() > 0) {
      long lag = wallClock.millis() - chunk.getCaptureTimeMillis();
      sessionLagMillis.update(lag);
      if (!lagBudget.off() && stream.phase() == SessionStream.Phase.RUNNING) {
        samples = judgeLag(ctx.key(), lag, stream, samples, emitter);
      }
    }
    switch (stream.onChunk(
        chunk.getSequence(),
        samples,
        chunk.getCaptureTimeMillis(),
        chunk.getEndOfStream(),
        emitter)) {
      case DUPLICATE -> chunksDuplicate.inc();
      case REORDERED -> chunksReordered.inc();
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
   * Applies the lag budget to a chunk captured {@code lagMillis} ago: reports, falls back to a
   * cheaper mode, or returns silence in place of audio too late to be worth decoding.
   */
  private float[] judgeLag(
      String id, long lagMillis, SessionStream stream, float[] samples, Emitter emitter)
      throws Exception {
    SessionLag standing = lags.get(id);
    if (standing == null) {
      byte[] stored = lagState.value();
      standing = stored == null ? new SessionLag() : SessionLag.fromBytes(stored);
      lags.put(id, standing);
    }
    SessionLag.Verdict v =
        standing.observe(
            lagBudget,
            lagMillis,
            stream.settings().mode(),
            stream.speaking(),
            stream.audioSamples(),
            samples.length);
    if (v == SessionLag.Verdict.KEEP) {
      return samples;
    }
    lagState.update(standing.toBytes());
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

  /**
   * A processing-time timer: a deadline stored before deadlines followed event time. It now waits
   * for the job to catch up to it instead of firing on a restored job's wall clock.
   */
  public void onProcessingTimer(long timestamp, KeyContext ctx) throws Exception {
    Long due = deadline.value();
    if (due != null && due == timestamp && stored(ctx.key()) != null) {
      ctx.registerEventTimeTimer(timestamp);
    }
  }

  /** An event-time deadline: the session expires, or its END's grace is over. */
  public void onEventTimer(long timestamp, KeyContext ctx) throws Exception {
    Long due = deadline.value();
    SessionStream stream = due == null || due != timestamp ? null : stored(ctx.key());
    if (stream == null) {
      return;
    }
    boolean endEvent = Boolean.TRUE.equals(endRequested.value());
    OptionalLong last = stream.endAfterSequence();
    String reason;
    if (!endEvent) {
      reason = "no input for " + idleExpiryMillis / 1000 + " s";
    } else if (last.isPresent()) {
      reason =
          "END event: audio through chunk "
              + last.getAsLong()
              + " still incomplete "
              + endGraceMillis / 1000
              + " s after the session's last input";
    } else {
      reason = "END event without an end-of-stream chunk";
    }
    Emitter emitter = new Emitter(ctx.key(), ctx);
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

  /** Drops the current key's session from memory and state (its run counter stays). */
  private void forget(String id) {
    inMemory.remove(id);
    lags.remove(id);
    lagState.clear();
    changed.remove(id);
    session.clear();
    ringAudio.clear();
  }

  /** Sessions of this subtask being transcribed or waiting for their START (refused ones aside). */
  private long liveSessions() {
    return inMemory.values().stream()
        .filter(
            st ->
                st.phase() == SessionStream.Phase.RUNNING
                    || st.phase() == SessionStream.Phase.WAITING_FOR_START)
        .count();
  }

  /**
   * The live session of the current key: in memory since its last input, else restored from state
   * (after a restore or rescale); null when there is none.
   */
  private SessionStream stored(String id) throws Exception {
    SessionStream stream = inMemory.get(id);
    if (stream != null) {
      return stream;
    }
    byte[] bytes = session.value();
    if (bytes == null) {
      return null;
    }
    stream =
        SessionStream.restore(
            bytes, audioBlocks, defaults, decoder, streamingRecognizer(), vad, diarization);
    inMemory.put(id, stream);
    return stream;
  }

  /** Sessions changed since the last checkpoint: {@link #persist} each with its key current. */
  public Set<String> changedSessions() {
    return Set.copyOf(changed);
  }

  /**
   * Writes the current key's session to keyed state: the ring audio appended since the last
   * checkpoint as blocks, the rest (a few kB) as one value.
   */
  public void persist(String id) throws Exception {
    SessionStream stream = inMemory.get(id);
    if (stream != null && changed.remove(id)) {
      byte[] bytes = stream.persist(audioBlocks);
      session.update(bytes);
      stateBytesWritten.inc(bytes.length);
    }
  }

  private void store(SessionStream stream, long inputTime, KeyContext ctx) throws Exception {
    String id = ctx.key();
    Long current = deadline.value();
    if (stream.phase() == SessionStream.Phase.ENDED) {
      inMemory.remove(id);
      lags.remove(id);
      lagState.clear();
      changed.remove(id);
      session.clear();
      ringAudio.clear();
      endRequested.clear();
      deadline.clear();
      lastInputTime.clear();
      if (current != null) {
        ctx.deleteEventTimeTimer(current);
      }
      ended.update(true);
      active.remove(id);
      return;
    }
    inMemory.put(id, stream);
    changed.add(id);
    Long previous = lastInputTime.value();
    long latest =
        Math.max(
            previous == null ? Long.MIN_VALUE : previous,
            Math.max(inputTime, ctx.currentWatermark()));
    if (latest == Long.MIN_VALUE) {
      return; // no clock yet (no timestamp, no watermark): the next timed input sets the deadline
    }
    lastInputTime.update(latest);
    long wait = Boolean.TRUE.equals(endRequested.value()) ? endGraceMillis : idleExpiryMillis;
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
   * The input's event time: its record timestamp, or the watermark when that is later (a producer
   * whose clock lags) or the record has none.
   */
  private static long inputTime(Long timestamp, KeyContext ctx) {
    long recorded = timestamp != null && timestamp >= 0 ? timestamp : Long.MIN_VALUE;
    return Math.max(recorded, ctx.currentWatermark());
  }

  private void deadLetter(KeyContext ctx, SessionInput in, String reason) {
    LOG.warn("dead letter from {}-{}@{}: {}", in.topic, in.partition, in.offset, reason);
    deadLetters.inc();
    byte[] value =
        in.chunk != null ? chunkCodec.encode(in.chunk) : AvroCodec.sessionEvent().encode(in.event);
    ctx.deadLetter(
        DeadLetters.of(
            in.sessionId.getBytes(StandardCharsets.UTF_8),
            value,
            in.topic,
            in.partition,
            in.offset,
            reason,
            STAGE));
  }

  /**
   * Hypothesis churn per latency mode, on the dashboard as captionflow.mode.&lt;id&gt;.wordsRevised
   * etc.
   */
  private static final class ChurnCounters {
    final Counter revised;
    final Counter forcedOut;
    final Counter droppedAtEdge;

    ChurnCounters(MetricGroup group) {
      revised = group.counter("wordsRevised");
      forcedOut = group.counter("wordsForcedOut");
      droppedAtEdge = group.counter("wordsDroppedAtEdge");
    }
  }

  /**
   * Turns a session's results into records on the segments topic (each stamped with the session's
   * run), and into metrics.
   */
  final class Emitter implements SessionStream.Output {
    private final String sessionId;
    private final long run;
    private final KeyContext ctx;
    private String lastReason;

    /** The timestamp of the input being processed, or of the session's latest input. */
    private Long timestamp;

    Emitter(String sessionId, KeyContext ctx) throws Exception {
      this.sessionId = sessionId;
      this.run = currentRun();
      this.ctx = ctx;
    }

    private void collect(TranscriptEvent event) {
      ctx.emit(event, timestamp);
    }

    @Override
    public void segment(
        Segment segment,
        boolean isFinal,
        int revision,
        String language,
        Long captureTimeMillis,
        double audioNowSeconds) {
      long now = System.currentTimeMillis();
      if (isFinal) {
        for (ConfirmedWord w : segment.words()) {
          confirmedSegmentLatencyMillis.update(
              Math.round((audioNowSeconds - w.endSeconds()) * 1000));
        }
        if (captureTimeMillis != null && captureTimeMillis > 0) {
          audioToEmitLagMillis = now - captureTimeMillis;
        }
      }
      collect(
          TranscriptEvents.segment(
              sessionId, run, segment, isFinal, revision, language, captureTimeMillis, now));
    }

    @Override
    public void words(
        long sequence,
        List<ConfirmedWord> words,
        String language,
        Long captureTimeMillis,
        double audioNowSeconds) {
      for (ConfirmedWord w : words) {
        finalWordLatencyMillis.update(Math.round((audioNowSeconds - w.endSeconds()) * 1000));
      }
      collect(
          TranscriptEvents.words(
              sessionId,
              run,
              sequence,
              words,
              language,
              captureTimeMillis,
              System.currentTimeMillis()));
    }

    @Override
    public void activity(boolean speaking, double atSeconds) {
      collect(
          TranscriptEvents.activity(
              sessionId, run, speaking, atSeconds, System.currentTimeMillis()));
    }

    @Override
    public void status(SessionState state, String reason, String language, double atSeconds) {
      ended(state, reason, language, atSeconds, false, null);
    }

    @Override
    public void ended(
        SessionState state,
        String reason,
        String language,
        double atSeconds,
        boolean enhanceOnEnd,
        SessionStream.AudioRange audio) {
      lastReason = reason;
      if (state == SessionState.REFUSED) {
        LOG.warn("session {} REFUSED: {}; its audio is not transcribed", sessionId, reason);
      } else if (reason != null && state != SessionState.ENDED) {
        LOG.info("session {} {}: {}", sessionId, state, reason);
      }
      collect(
          TranscriptEvents.status(
              sessionId,
              run,
              state,
              language,
              reason,
              atSeconds,
              enhanceOnEnd,
              audio,
              System.currentTimeMillis()));
    }

    @Override
    public void decoded(long encodedSamples, long nanos) {
      inferenceMillis.update(nanos / 1_000_000);
    }

    @Override
    public void churn(LatencyMode mode, int revised, int forcedOut, int droppedAtEdge) {
      ChurnCounters c =
          churn.computeIfAbsent(mode, m -> new ChurnCounters(metrics.addGroup("mode", m.id())));
      c.revised.inc(revised);
      c.forcedOut.inc(forcedOut);
      c.droppedAtEdge.inc(droppedAtEdge);
    }

    @Override
    public void diarized(long samples, long nanos) {
      diarizationNanos += nanos; // one subtask thread writes, the reporter reads
      diarizedSamples += samples;
    }

    @Override
    public void diarizationLost(String reason) {
      diarizationLost.inc();
      LOG.warn("session {}: {}", sessionId, reason);
    }

    @Override
    public void gapFilled(ChunkSequencer.Gap gap) {
      long chunks = gap.lastMissing() - gap.firstMissing() + 1;
      chunksGapFilled.inc(chunks);
      LOG.warn(
          "session {}: chunks {}..{} never arrived; filled with {} samples of silence",
          sessionId,
          gap.firstMissing(),
          gap.lastMissing(),
          gap.silenceSamples());
    }
  }
}
