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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed operator, kept thin: loads the session's {@link SessionStream} from keyed state, feeds
 * it the input, turns what it emits into records and metrics, and stores it back. The model is
 * shared per task manager through {@link SharedModels}; idle sessions expire on a processing-time
 * timer with the same flush.
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
  private transient SharedModels.Lease<SpeechRecognizer> model;
  private transient WindowDecoder decoder;
  private transient SharedModels.Lease<VadModel> vadModel;
  private transient FrameVad vad;
  private transient SharedModels.Lease<DiarizationAvailability> diarizationModel;
  private transient Diarization diarization;
  private transient volatile long diarizationNanos;
  private transient volatile long diarizedSamples;
  private transient Counter chunksRefused;
  private transient Counter diarizationLost;
  private transient Set<String> active;
  private transient Histogram inferenceMillis;
  private transient Histogram confirmedSegmentLatencyMillis;
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
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("captionflow");
    metrics.gauge("activeSessions", () -> active.size());
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
    confirmedSegmentLatencyMillis =
        metrics.histogram(
            "confirmedSegmentLatencyMillis", new DescriptiveStatisticsHistogram(1000));
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
    if (in.event != null && in.event.getType() == SessionEventType.END && session.value() == null) {
      return; // END of a session that never sent anything: nothing to flush
    }
    byte[] stored = session.value(); // read once: with RocksDB each read copies the whole session
    if (stored == null) {
      startRun();
    }
    Emitter emitter = new Emitter(id, out);
    SessionStream stream = load(stored);
    active.add(id);
    if (in.event != null) {
      onEvent(in, stream, emitter, ctx);
    } else {
      onChunk(in.chunk, stream, emitter);
    }
    store(stream, ctx);
  }

  private void onEvent(SessionInput in, SessionStream stream, Emitter emitter, Context ctx)
      throws Exception {
    SessionEvent event = in.event;
    if (event.getType() == SessionEventType.END) {
      endRequested.update(true);
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

  private void onChunk(AudioChunk chunk, SessionStream stream, Emitter emitter) {
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
      default -> {}
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out)
      throws Exception {
    Long due = deadline.value();
    if (due == null || due != timestamp || session.value() == null) {
      return;
    }
    SessionStream stream = load();
    boolean endEvent = Boolean.TRUE.equals(endRequested.value());
    stream.finish(
        endEvent ? SessionState.ENDED : SessionState.EXPIRED,
        endEvent
            ? "END event without an end-of-stream chunk"
            : "no input for " + idleExpiryMillis / 1000 + " s",
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
      if (current != null) {
        ctx.timerService().deleteProcessingTimeTimer(current);
      }
      ended.update(true);
      active.remove(id);
      return;
    }
    session.update(stream.toBytes());
    long wait = Boolean.TRUE.equals(endRequested.value()) ? endGraceMillis : idleExpiryMillis;
    long wanted = (ctx.timerService().currentProcessingTime() + wait) / 1000 * 1000 + 1000;
    if (current == null || current != wanted) {
      if (current != null) {
        ctx.timerService().deleteProcessingTimeTimer(current);
      }
      ctx.timerService().registerProcessingTimeTimer(wanted);
      deadline.update(wanted);
    }
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
