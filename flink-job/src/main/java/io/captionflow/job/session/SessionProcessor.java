package io.captionflow.job.session;

import io.captionflow.audio.PcmCodec;
import io.captionflow.diarization.session.DiarizationAvailability;
import io.captionflow.inference.SpeechRecognizer;
import io.captionflow.inference.vad.VadModel;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
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
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.TranscriptEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed operator, kept thin: loads the session's {@link SessionStream} from keyed state, feeds
 * it the input, turns what it emits into records and metrics, and stores it back. The model is
 * shared per task manager through {@link SharedModels}.
 *
 * <p>Time-based ends (idle expiry, an END whose audio does not all arrive, an END without a last
 * sequence) are event-time timers: the session's latest input time (record timestamp, or the
 * watermark if that is later) plus the wait. They fire only once the watermark says the job has
 * caught up with its input, never while the session's audio may still wait in Kafka, right after a
 * restore included.
 */
public final class SessionProcessor
    extends KeyedProcessFunction<String, SessionInput, TranscriptEvent> {

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

  private transient ValueState<byte[]> session;
  private transient ValueState<Boolean> ended;
  private transient ValueState<Long> sessionRun;
  private transient ValueState<Long> deadline;
  private transient ValueState<Boolean> endRequested;

  /** Event time of the session's latest input: its deadlines count from here. */
  private transient ValueState<Long> lastInputTime;

  private transient SharedModels.Lease<SpeechRecognizer> model;
  private transient WindowDecoder decoder;
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

  public SessionProcessor(
      ModelSpec models,
      SessionStream.Defaults defaults,
      Duration idleExpiry,
      Duration endGrace,
      Duration endedMarkerTtl) {
    this.models = models;
    this.defaults = defaults;
    this.idleExpiryMillis = idleExpiry.toMillis();
    this.endGraceMillis = endGrace.toMillis();
    this.endedMarkerTtl = endedMarkerTtl;
  }

  @Override
  public void open(OpenContext context) {
    session =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "session", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    ValueStateDescriptor<Boolean> endedDescriptor =
        new ValueStateDescriptor<>("ended", Types.BOOLEAN);
    endedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(endedMarkerTtl).build());
    ended = getRuntimeContext().getState(endedDescriptor);
    // Survives the session's end, like the ended marker; every event reads it, which keeps it
    // alive.
    ValueStateDescriptor<Long> runDescriptor = new ValueStateDescriptor<>("run", Types.LONG);
    runDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(RUN_COUNTER_TTL)
            .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
            .build());
    sessionRun = getRuntimeContext().getState(runDescriptor);
    deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    endRequested =
        getRuntimeContext().getState(new ValueStateDescriptor<>("end-requested", Types.BOOLEAN));
    lastInputTime =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-input-time", Types.LONG));
    model =
        SharedModels.acquire(
            models.recognizerKey(), key -> models.loader().load(models.recognizerConfig()));
    decoder = new WindowDecoder(model.model());
    if (models.hasSileroVad()) {
      vadModel = models.acquireSileroVad();
      vad = new VadModelFrames(vadModel.model());
    } else {
      vad = new RmsFrameVad();
    }
    diarizationModel = models.acquireDiarization();
    diarization = new Diarization(diarizationModel.model());
    active = ConcurrentHashMap.newKeySet(); // read by the metric reporter thread
    chunkCodec = AvroCodec.audioChunk();
    metrics = getRuntimeContext().getMetricGroup().addGroup("captionflow");
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
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
      model = null;
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

  @Override
  public void processElement(SessionInput in, Context ctx, Collector<TranscriptEvent> out)
      throws Exception {
    String id = ctx.getCurrentKey();
    if (Boolean.TRUE.equals(ended.value())) {
      if (in.event != null && in.event.getType() == SessionEventType.START) {
        ended.clear(); // the id is reused for a new session
      } else {
        if (in.chunk != null) {
          deadLetter(ctx, in, "chunk " + in.chunk.getSequence() + " for ended session " + id);
        }
        return;
      }
    }
    byte[] stored = session.value(); // read once: with RocksDB each read copies the whole session
    if (in.event != null
        && in.event.getType() == SessionEventType.END
        && in.event.getLastSequence() == null
        && stored == null) {
      return; // END of a session that never sent anything: nothing to flush
    }
    if (stored == null) {
      startRun();
    }
    Emitter emitter = new Emitter(id, out);
    SessionStream stream = load(stored);
    active.add(id);
    if (in.event != null) {
      onEvent(in, stream, emitter, ctx);
    } else {
      onChunk(in, stream, emitter, ctx);
    }
    store(stream, ctx);
  }

  private void onEvent(SessionInput in, SessionStream stream, Emitter emitter, Context ctx)
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

  private void onChunk(SessionInput in, SessionStream stream, Emitter emitter, Context ctx) {
    AudioChunk chunk = in.chunk;
    if (stream.phase() == SessionStream.Phase.REFUSED) {
      chunksRefused
          .inc(); // the audio stays in the audio topic: replay it once diarization is available
      return;
    }
    ByteBuffer pcm = chunk.getPcm().duplicate();
    byte[] bytes = new byte[pcm.remaining()];
    pcm.get(bytes);
    float[] samples =
        chunk.getEncoding() == AudioEncoding.PCM16
            ? PcmCodec.decodePcm16(bytes)
            : PcmCodec.decodeF32(bytes);
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

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out)
      throws Exception {
    Long due = deadline.value();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      // A deadline stored before deadlines followed event time: it now waits for the job to catch
      // up to it instead of firing on a restored job's wall clock.
      if (due != null && due == timestamp && session.value() != null) {
        ctx.timerService().registerEventTimeTimer(timestamp);
      }
      return;
    }
    if (due == null || due != timestamp || session.value() == null) {
      return;
    }
    SessionStream stream = load();
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
    stream.finish(
        endEvent ? SessionState.ENDED : SessionState.EXPIRED,
        reason,
        new Emitter(ctx.getCurrentKey(), out));
    store(stream, ctx);
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

  private SessionStream load() throws Exception {
    return load(session.value());
  }

  private SessionStream load(byte[] bytes) throws Exception {
    return bytes == null
        ? SessionStream.create(defaults, decoder, vad, diarization)
        : SessionStream.fromBytes(bytes, defaults, decoder, vad, diarization);
  }

  private void store(SessionStream stream, Context ctx) throws Exception {
    String id = ctx.getCurrentKey();
    Long current = deadline.value();
    if (stream.phase() == SessionStream.Phase.ENDED) {
      session.clear();
      endRequested.clear();
      deadline.clear();
      lastInputTime.clear();
      if (current != null) {
        ctx.timerService().deleteEventTimeTimer(current);
      }
      ended.update(true);
      active.remove(id);
      return;
    }
    session.update(stream.toBytes());
    Long previous = lastInputTime.value();
    long latest = Math.max(previous == null ? Long.MIN_VALUE : previous, inputTime(ctx));
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
        ctx.timerService().deleteEventTimeTimer(current);
      }
      ctx.timerService().registerEventTimeTimer(wanted);
      deadline.update(wanted);
    }
  }

  /**
   * The input's event time: its record timestamp, or the watermark when that is later (a producer
   * whose clock lags) or the record has none.
   */
  private static long inputTime(Context ctx) {
    Long timestamp = ctx.timestamp();
    long recorded = timestamp != null && timestamp >= 0 ? timestamp : Long.MIN_VALUE;
    return Math.max(recorded, ctx.timerService().currentWatermark());
  }

  private void deadLetter(Context ctx, SessionInput in, String reason) {
    LOG.warn("dead letter from {}-{}@{}: {}", in.topic, in.partition, in.offset, reason);
    deadLetters.inc();
    byte[] value =
        in.chunk != null ? chunkCodec.encode(in.chunk) : AvroCodec.sessionEvent().encode(in.event);
    ctx.output(
        DeadLetters.TAG,
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
  private final class Emitter implements SessionStream.Output {
    private final String sessionId;
    private final long run;
    private final Collector<TranscriptEvent> out;
    private String lastReason;

    Emitter(String sessionId, Collector<TranscriptEvent> out) throws Exception {
      this.sessionId = sessionId;
      this.run = currentRun();
      this.out = out;
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
      out.collect(
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
      out.collect(
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
      out.collect(
          TranscriptEvents.activity(
              sessionId, run, speaking, atSeconds, System.currentTimeMillis()));
    }

    @Override
    public void status(SessionState state, String reason, String language, double atSeconds) {
      lastReason = reason;
      if (state == SessionState.REFUSED) {
        LOG.warn("session {} REFUSED: {}; its audio is not transcribed", sessionId, reason);
      } else if (reason != null && state != SessionState.ENDED) {
        LOG.info("session {} {}: {}", sessionId, state, reason);
      }
      out.collect(
          TranscriptEvents.status(
              sessionId, run, state, language, reason, atSeconds, System.currentTimeMillis()));
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
