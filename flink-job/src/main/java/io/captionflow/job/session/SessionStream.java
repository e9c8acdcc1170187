package io.captionflow.job.session;

import io.captionflow.diarization.session.SessionDiarizer;
import io.captionflow.diarization.streaming.DiarizationState;
import io.captionflow.diarization.timeline.SpeakerAssignment;
import io.captionflow.diarization.timeline.SpeakerTimeline;
import io.captionflow.inference.DecoderState;
import io.captionflow.inference.Token;
import io.captionflow.inference.cacheaware.CacheAwareMetadata;
import io.captionflow.inference.cacheaware.CacheAwareStream;
import io.captionflow.inference.cacheaware.StreamingRecognizer;
import io.captionflow.inference.features.KaldiFbank;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.confirmation.Segmenter;
import io.captionflow.job.confirmation.TimedToken;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.confirmation.TokenIO;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.FrameVad;
import io.captionflow.job.inference.VadTrack;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.schema.SessionState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One session's streaming transcription, free of Flink: chunks in (any order), confirmed segments,
 * partials, speech activity and status out. Every decision is taken on the audio clock (sample
 * counts), so the output is a pure function of the session's audio and settings. The whole state
 * round-trips through {@link #toBytes()} / {@link #fromBytes}; the shared model is passed in, never
 * stored.
 *
 * <p>Diarized sessions also feed every sample to their {@link SessionDiarizer}; a confirmed word
 * waits until the diarizer's activities cover its end (at most {@link #MAX_SPEAKER_WAIT_SECONDS}),
 * then takes the speaker most active over it, and the segmenter closes a segment at each speaker
 * change.
 */
public final class SessionStream {

  public enum Phase {
    WAITING_FOR_START,
    RUNNING,
    ENDED,
    REFUSED
  }

  /** Where a session's results go; the Flink operator turns them into records and metrics. */
  public interface Output {
    /**
     * A final (revision 0) or partial segment; {@code audioNowSeconds} is the audio clock at
     * emission.
     */
    void segment(
        Segment segment,
        boolean isFinal,
        int revision,
        String language,
        Long captureTimeMillis,
        double audioNowSeconds);

    /**
     * Words confirmed by one decode, before any segment holding them closes (for confirmation
     * latency).
     */
    default void confirmed(List<ConfirmedWord> words, double audioNowSeconds) {}

    /**
     * Words final now (diarized sessions: with their speaker), all of the segment numbered {@code
     * sequence}; sent before that segment closes, and never revised.
     */
    default void words(
        long sequence,
        List<ConfirmedWord> words,
        String language,
        Long captureTimeMillis,
        double audioNowSeconds) {}

    void activity(boolean speaking, double atSeconds);

    void status(SessionState state, String reason, String language, double atSeconds);

    /**
     * The run ended (ENDED or EXPIRED): its status, with whether it asked for the enhanced
     * transcript and where its audio lies in the audio topic (null when no chunk was located).
     */
    default void ended(
        SessionState state,
        String reason,
        String language,
        double atSeconds,
        boolean enhanceOnEnd,
        AudioRange audio) {
      status(state, reason, language, atSeconds);
    }

    void decoded(long encodedSamples, long nanos);

    void gapFilled(ChunkSequencer.Gap gap);

    /**
     * One decode's hypothesis churn: words of the previous hypothesis it revised, words confirmed
     * and dropped as they left the buffer.
     */
    default void churn(LatencyMode mode, int revised, int forcedOut, int droppedAtEdge) {}

    /** The diarizer took {@code nanos} for {@code samples} of audio. */
    default void diarized(long samples, long nanos) {}

    /**
     * A diarized session was recovered where no diarization model is usable: it goes on without
     * speakers.
     */
    default void diarizationLost(String reason) {}
  }

  /** Job-wide knobs every session shares. */
  public record Defaults(
      LatencyMode mode, double startWaitSeconds, int reorderWindow, boolean partials)
      implements java.io.Serializable {
    public static final Defaults STANDARD = new Defaults(LatencyMode.SPEEDY, 60.0, 64, true);
  }

  /**
   * 4: the ring's samples inline or in a block store ({@link #persist}), audio held before START as
   * PCM16. 3: agreement (settings and the confirmer's recent hypotheses), the sequencer's filled
   * gaps and the END's last sequence. 2: words carry speakers, diarizer state after the rest. 1 (no
   * diarization). All are read.
   */
  private static final int FORMAT = 5;

  /** A streaming token stands only where the VAD heard speech this close before or after it. */
  private static final long SPEECH_NEAR_TOKEN_SAMPLES = AudioRing.SAMPLE_RATE;

  /**
   * Silence appended to the last decode of a stream, so no real word sits in the last half second
   * of its window, where a model flickers; 8 encoder frames.
   */
  static final long FLUSH_PADDING_SAMPLES = 8L * AudioRing.FRAME_SAMPLES;

  /**
   * A confirmed word waits at most this long (audio behind the clock) for the diarizer; then it
   * goes out unattributed.
   */
  public static final double MAX_SPEAKER_WAIT_SECONDS = 15.0;

  private static final int SR = AudioRing.SAMPLE_RATE;
  private static final int FRAME = AudioRing.FRAME_SAMPLES;

  private final Defaults defaults;
  private final WindowDecoder decoder;
  private final StreamingRecognizer streamingModel;
  private final FrameVad vad;
  private final Diarization diarization;

  private Phase phase = Phase.WAITING_FOR_START;
  private SessionSettings settings;
  private ChunkSequencer sequencer;
  private final List<ChunkSequencer.Release> held = new ArrayList<>();
  private long heldSamples;

  /** The last chunk an END event named: the session ends once it is released; -1 = none. */
  private long endAfterSequence = -1;

  private AudioRing ring;

  /** The lowest ring block in the block store, if the stream is persisted there. */
  private long lowestStoredBlock;

  private VadTrack vadTrack;
  private TokenConfirmer confirmer;
  private Segmenter segmenter;

  /** Full-window: the next decode point. Chunked: the start of the next chunk. */
  private long nextDecodeAt;

  /** Decodes fallen due and not yet run (never stored: the operator runs them all first). */
  private final ArrayDeque<DueDecode> due = new ArrayDeque<>();

  private boolean deferring;

  private DecoderState decoderState;

  /**
   * Streaming mode: the model's per-session state, kept in memory only (megabytes of caches); after
   * a restore it is re-warmed from the ring ({@link #streamForDecode}).
   */
  private CacheAwareStream stream;

  /** Streaming mode: the session sample at the stream's first sample. */
  private long streamOrigin;

  /** Streaming mode: windows scheduled since {@link #streamOrigin}. */
  private long streamWindows;

  /**
   * Streaming mode: the session sample the current stream's token times count from ({@link
   * #streamOrigin}, or after a re-warm the window boundary it started at).
   */
  private long streamTokenOrigin;

  private boolean enhanceOnEnd;
  private int audioPartition = -1;
  private long firstAudioOffset = -1;
  private long lastAudioOffset = -1;

  private int carryFrames;
  private List<TimedToken> pendingTokens = new ArrayList<>();
  private long partialSequence = -1;
  private int partialRevision;
  private String lastPartialText = "";
  private final ArrayDeque<long[]> captureTimes = new ArrayDeque<>();

  /**
   * Diarized sessions only: the session's diarizer, and confirmed words waiting for its activities.
   */
  private SessionDiarizer speakers;

  private final List<ConfirmedWord> awaitingSpeaker = new ArrayList<>();

  /**
   * Why a diarized session restored here goes on without speakers (no model on this task manager);
   * said once.
   */
  private String diarizationLost;

  /**
   * The stored diarizer state while the loss is not yet effective (no audio since the restore):
   * kept in checkpoints.
   */
  private SessionDiarizer.State dormantSpeakers;

  private SessionStream(
      Defaults defaults,
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      FrameVad vad,
      Diarization diarization) {
    this.defaults = defaults;
    this.decoder = decoder;
    this.streamingModel = streamingModel;
    this.vad = vad;
    this.diarization = diarization;
  }

  /** A session on a task manager without a diarization model (diarized sessions are refused). */
  public static SessionStream create(Defaults defaults, WindowDecoder decoder, FrameVad vad) {
    return create(defaults, decoder, vad, Diarization.unavailable());
  }

  public static SessionStream create(
      Defaults defaults, WindowDecoder decoder, FrameVad vad, Diarization diarization) {
    return create(defaults, decoder, null, vad, diarization);
  }

  /**
   * {@code decoder} serves the window modes and chunked, {@code streamingModel} the streaming mode;
   * either may be null, and a START asking for a mode no model serves is refused.
   */
  public static SessionStream create(
      Defaults defaults,
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      FrameVad vad,
      Diarization diarization) {
    SessionStream s = new SessionStream(defaults, decoder, streamingModel, vad, diarization);
    s.sequencer = new ChunkSequencer(defaults.reorderWindow());
    return s;
  }

  public Phase phase() {
    return phase;
  }

  public long audioSamples() {
    return ring == null ? 0 : ring.totalSamples();
  }

  /** The reorder bound in chunks (see {@link ChunkSequencer}). */
  public int reorderWindow() {
    return sequencer.window();
  }

  /** The last chunk an END event named, if one did: the session ends once it is released. */
  public OptionalLong endAfterSequence() {
    return endAfterSequence < 0 ? OptionalLong.empty() : OptionalLong.of(endAfterSequence);
  }

  /**
   * Refuses a session before it starts (its subtask is full): what it held is dropped, its audio is
   * not transcribed, and it ends silently at its END or idle expiry.
   */
  public void refuse(String reason, String language, Output out) {
    if (phase != Phase.WAITING_FOR_START) {
      throw new IllegalStateException("only a session that has not started can be refused");
    }
    phase = Phase.REFUSED;
    held.clear();
    heldSamples = 0;
    out.status(SessionState.REFUSED, reason, language, 0);
  }

  /**
   * A START event: the session's settings (or, mid-session, new settings from the next sample on).
   */
  public void onStart(SessionSettings newSettings, Output out) {
    if (phase == Phase.WAITING_FOR_START) {
      Optional<String> refusal =
          modeRefusal(newSettings.mode())
              .or(() -> diarization.refusal(newSettings.diarization(), newSettings.maxSpeakers()));
      if (refusal.isPresent()) {
        // Never transcribe without the speakers the session asked for: refuse it, drop what it
        // held.
        phase = Phase.REFUSED;
        held.clear();
        heldSamples = 0;
        out.status(SessionState.REFUSED, refusal.get(), newSettings.language(), 0);
        return;
      }
      begin(newSettings, null, out);
    } else if (phase == Phase.RUNNING
        && !newSettings.equals(settings)
        && modeRefusal(newSettings.mode()).isPresent()) {
      out.status(
          SessionState.STARTED,
          "settings change refused, the session keeps latency mode '"
              + settings.mode().id()
              + "': "
              + modeRefusal(newSettings.mode()).get(),
          settings.language(),
          seconds(ring.totalSamples()));
    } else if (phase == Phase.RUNNING && !newSettings.equals(settings)) {
      // Diarization is fixed at the session's start: speaker numbers must stay those of the whole
      // session.
      SessionSettings next =
          newSettings.withDiarization(settings.diarization(), settings.maxSpeakers());
      String reason =
          next.equals(newSettings)
              ? "settings changed mid-session"
              : "settings changed mid-session; diarization stays "
                  + (settings.diarization() ? "on" : "off")
                  + " as at the session's start";
      if (next.equals(settings)) {
        out.status(SessionState.STARTED, reason, settings.language(), seconds(ring.totalSamples()));
        return;
      }
      decode(true, out);
      closeOpenSegment(out);
      settings = next;
      startPipeline(ring.totalSamples());
      out.status(SessionState.STARTED, reason, settings.language(), seconds(ring.totalSamples()));
    }
  }

  /** The settings the session runs with now (null before its START). */
  public SessionSettings settings() {
    return settings;
  }

  /**
   * Decodes and confirms everything so far and starts decoding afresh from the next sample (decoder
   * state, chunk grid, hypotheses), as at a settings change: the lag budget's skipped audio then
   * meets neither a decoder state nor a window from before it.
   */
  public void restartDecoding(Output out) {
    if (phase != Phase.RUNNING) {
      return;
    }
    decode(true, out);
    closeOpenSegment(out);
    startPipeline(ring.totalSamples());
  }

  /** Whether the session's audio is in speech now (false in a pause, or before it runs). */
  public boolean speaking() {
    return vadTrack != null && vadTrack.speaking();
  }

  /**
   * Continues a running session in {@code cheaper} mode from the next sample on, as a settings
   * change does, and says why in a status; false when it is not running or no model serves it.
   */
  public boolean degradeTo(LatencyMode cheaper, String reason, Output out) {
    if (phase != Phase.RUNNING || settings.mode() == cheaper || modeRefusal(cheaper).isPresent()) {
      return false;
    }
    decode(true, out);
    closeOpenSegment(out);
    settings = settings.withMode(cheaper);
    startPipeline(ring.totalSamples());
    out.status(SessionState.STARTED, reason, settings.language(), seconds(ring.totalSamples()));
    return true;
  }

  /** Why this job cannot serve {@code mode}: no model it was given decodes that way. */
  private Optional<String> modeRefusal(LatencyMode mode) {
    if (mode.streaming() && streamingModel == null) {
      return Optional.of(
          "latency mode 'streaming' needs a cache-aware streaming model, and this job has only an"
              + " offline TDT model: start the job with --streaming-model DIR, or ask for another"
              + " mode");
    }
    if (!mode.streaming() && decoder == null) {
      return Optional.of(
          "latency mode '"
              + mode.id()
              + "' needs an offline TDT model, and this job has only a cache-aware streaming"
              + " model: ask for latency mode 'streaming', or start the job with --model DIR");
    }
    return Optional.empty();
  }

  /**
   * One chunk as read from the topic; the caller has already dead-lettered chunks of an ended
   * session.
   */
  public ChunkSequencer.Outcome onChunk(
      long sequence, float[] samples, long captureTimeMillis, boolean endOfStream, Output out) {
    reportLostDiarization(out);
    List<ChunkSequencer.Release> released = new ArrayList<>();
    ChunkSequencer.Outcome outcome =
        sequencer.offer(
            new ChunkSequencer.Audio(sequence, samples, captureTimeMillis, endOfStream), released);
    for (ChunkSequencer.Release r : released) {
      accept(r, out);
    }
    return outcome;
  }

  /**
   * An END event naming the session's last chunk: the session ends in stream order, once the audio
   * through that chunk has been released (at once if it already has), however early the END was
   * read.
   */
  public void endAfter(long lastSequence, Output out) {
    if (phase == Phase.ENDED || phase == Phase.REFUSED) {
      return;
    }
    endAfterSequence = lastSequence;
    if (sequencer.next() > lastSequence) {
      reportLostDiarization(out);
      end(SessionState.ENDED, null, out);
    }
  }

  /**
   * End without an end-of-stream chunk (END event grace, idle expiry): everything pending is
   * confirmed.
   */
  public void finish(SessionState why, String reason, Output out) {
    if (phase == Phase.ENDED) {
      return;
    }
    reportLostDiarization(out);
    List<ChunkSequencer.Release> released = new ArrayList<>();
    sequencer.flush(released);
    for (ChunkSequencer.Release r : released) {
      accept(r, out);
    }
    end(why, reason, out);
  }

  private void accept(ChunkSequencer.Release r, Output out) {
    if (phase == Phase.ENDED || phase == Phase.REFUSED) {
      return;
    }
    if (phase == Phase.WAITING_FOR_START) {
      // held as the ring would hold it (PCM16), so a restore replays exactly what live did
      held.add(
          r instanceof ChunkSequencer.Audio a
              ? new ChunkSequencer.Audio(
                  a.sequence(),
                  AudioRing.quantized(a.samples()),
                  a.captureTimeMillis(),
                  a.endOfStream())
              : r);
      heldSamples +=
          r instanceof ChunkSequencer.Audio a
              ? a.samples().length
              : ((ChunkSequencer.Gap) r).silenceSamples();
      // Even the end-of-stream chunk waits: on another topic the START may simply not have been
      // read yet.
      if (heldSamples > defaults.startWaitSeconds() * SR) {
        begin(
            SessionSettings.of(defaults.mode()),
            "no START event within "
                + defaults.startWaitSeconds()
                + " s of audio: job defaults ("
                + defaults.mode().id()
                + ")",
            out);
      }
      if (reachesLastNamedChunk(r)) {
        end(SessionState.ENDED, null, out);
      }
      return;
    }
    if (r instanceof ChunkSequencer.Gap gap) {
      out.gapFilled(gap);
      // the silence counts as captured with the audio before it
      if (!captureTimes.isEmpty()) {
        captureTimes.addLast(
            new long[] {ring.totalSamples() + gap.silenceSamples(), captureTimes.peekLast()[1]});
      }
      append(null, gap.silenceSamples(), out);
      if (reachesLastNamedChunk(gap)) {
        end(SessionState.ENDED, null, out);
      }
    } else if (r instanceof ChunkSequencer.Audio a) {
      // known before the decodes the chunk completes, so a word's capture time is that of the chunk
      // holding its end however late its decode runs
      captureTimes.addLast(
          new long[] {ring.totalSamples() + a.samples().length, a.captureTimeMillis()});
      append(a.samples(), a.samples().length, out);
      // due decodes may still ask for older capture times
      while (due.isEmpty()
          && captureTimes.size() > 1
          && captureTimes.peekFirst()[0] < ring.oldestSample() - 2L * SR) {
        captureTimes.pollFirst();
      }
      if (a.endOfStream() || reachesLastNamedChunk(a)) {
        end(SessionState.ENDED, null, out);
      }
    }
  }

  /** Whether this release reaches the last chunk an END event named. */
  private boolean reachesLastNamedChunk(ChunkSequencer.Release r) {
    long last =
        r instanceof ChunkSequencer.Audio a ? a.sequence() : ((ChunkSequencer.Gap) r).lastMissing();
    return endAfterSequence >= 0 && last >= endAfterSequence;
  }

  private void begin(SessionSettings s, String reason, Output out) {
    settings = s;
    phase = Phase.RUNNING;
    speakers =
        s.diarization() ? new SessionDiarizer(diarization.diarizer(), s.maxSpeakers()) : null;
    segmenter = new Segmenter(segmentRules(s));
    startPipeline(0);
    out.status(SessionState.STARTED, reason, s.language(), 0);
    List<ChunkSequencer.Release> replay = new ArrayList<>(held);
    held.clear();
    heldSamples = 0;
    for (ChunkSequencer.Release r : replay) {
      accept(r, out);
    }
  }

  private static Segmenter.Rules segmentRules(SessionSettings s) {
    Segmenter.Rules d = Segmenter.Rules.DEFAULT;
    return new Segmenter.Rules(
        d.pauseGapSeconds(), d.maxWords(), d.maxSeconds(), s.mode() != LatencyMode.PAUSE_BASED);
  }

  private void startPipeline(long at) {
    int capacity = (int) (settings.bufferSamples() + FRAME);
    ring = AudioRing.startingAt(capacity, at);
    vadTrack = VadTrack.startingAt(vad, capacity / vad.frameSamples() + 2, at);
    confirmer = new TokenConfirmer(settings.agreement());
    pendingTokens = new ArrayList<>();
    decoderState = DecoderState.initial();
    carryFrames = 0;
    nextDecodeAt = settings.chunked() ? at : at + settings.intervalSamples();
    if (settings.streaming()) {
      stream = streamingModel.newStream();
      streamOrigin = at;
      streamTokenOrigin = at;
      streamWindows = 0;
      nextDecodeAt = streamBoundary();
    } else {
      stream = null;
    }
  }

  private long nextBoundary() {
    return settings.chunked()
        ? nextDecodeAt + settings.intervalSamples() + settings.confirmSamples()
        : nextDecodeAt;
  }

  /** The session sample at which the stream's next window is whole (kaldi's frame rule). */
  private long streamBoundary() {
    CacheAwareMetadata m = streamingModel.metadata();
    return streamOrigin
        + KaldiFbank.samplesNeededFor(streamWindows * m.chunkShift() + m.windowSize());
  }

  private void append(float[] samples, long length, Output out) {
    long done = 0;
    while (done < length) {
      long step = Math.min(length - done, nextBoundary() - ring.totalSamples());
      List<VadTrack.Change> changes;
      if (samples == null) {
        ring.appendSilence(step);
        changes = vadTrack.pushSilence(step);
      } else {
        ring.append(samples, (int) done, (int) step);
        changes = vadTrack.push(samples, (int) done, (int) step);
      }
      if (settings.streaming()) {
        feedStream(samples, step);
      }
      if (speakers != null) {
        long t0 = System.nanoTime();
        speakers.accept(
            samples == null
                ? new float[(int) step]
                : Arrays.copyOfRange(samples, (int) done, (int) (done + step)));
        out.diarized(step, System.nanoTime() - t0);
      }
      for (VadTrack.Change c : changes) {
        out.activity(c.speaking(), seconds(c.atSample()));
      }
      done += step;
      if (ring.totalSamples() == nextBoundary()) {
        decode(false, out);
      }
    }
  }

  private void decode(boolean flush, Output out) {
    if (flush) {
      // a flush changes the pipeline right after it: every decode still due runs first, alone
      drainDueDecodes(out);
    }
    if (settings.streaming()) {
      if (!flush) {
        schedule(streamDue(false), out);
        return;
      }
      // the export has no flush of its own: silence completes the last windows
      CacheAwareStream s = streamForDecode();
      s.inputFinished();
      do {
        runNow(streamDue(true), out); // the first confirms what is pending, window or not
      } while (s.isReady());
      return;
    }
    if (!settings.chunked()) {
      DueDecode d = windowDue(flush);
      if (flush) {
        runNow(d, out);
      } else {
        schedule(d, out);
      }
    } else if (!flush) {
      schedule(chunkDue(false, false), out);
    } else {
      // The end of the stream may hold more than one chunk: decode them all, the last one flushing.
      do {
        runNow(
            chunkDue(true, nextDecodeAt + settings.intervalSamples() >= ring.totalSamples()), out);
      } while (nextDecodeAt < ring.totalSamples());
    }
  }

  /** Feeds the ring's newest {@code step} samples (silence when {@code samples} is null). */
  private void feedStream(float[] samples, long step) {
    if (stream == null) {
      streamForDecode(); // the re-warm replays the ring, these samples included
      return;
    }
    CacheAwareStream s = stream;
    if (samples == null) {
      s.accept(new float[(int) step], 0, (int) step);
    } else {
      // what the ring keeps (PCM16-rounded), so a re-warm from the ring hears the same audio
      s.accept(ring.read(ring.totalSamples() - step, ring.totalSamples()), 0, (int) step);
    }
  }

  /**
   * The session's model stream; after a restore, re-warmed first: a fresh stream hears the ring's
   * audio from a window boundary on, and the windows decoded before the checkpoint are decoded
   * again with their tokens dropped (they were emitted then), so the caches hold recent audio again
   * and the windows after it continue the same grid.
   */
  private CacheAwareStream streamForDecode() {
    if (stream != null) {
      return stream;
    }
    CacheAwareMetadata m = streamingModel.metadata();
    long chunk = (long) m.chunkShift() * KaldiFbank.FRAME_SHIFT;
    long skipped =
        Math.max(0, Math.floorDiv(ring.oldestSample() - streamOrigin + chunk - 1, chunk));
    long from = streamOrigin + skipped * chunk;
    stream = streamingModel.newStream();
    long done = Math.max(0, streamWindows - skipped);
    if (ring.totalSamples() > from) {
      float[] audio = ring.read(from, ring.totalSamples());
      stream.accept(audio, 0, audio.length);
    }
    for (long w = 0; w < done && stream.isReady(); w++) {
      streamingModel.decode(List.of(stream));
      stream.takeTokens();
    }
    streamTokenOrigin = from;
    return stream;
  }

  private DueDecode streamDue(boolean flush) {
    long end = ring.totalSamples();
    long windowEnd = flush ? end : nextDecodeAt;
    long chunk = (long) streamingModel.metadata().chunkShift() * KaldiFbank.FRAME_SHIFT;
    long chunkStart = Math.max(streamOrigin, windowEnd - chunk);
    TokenConfirmer.Window w =
        new TokenConfirmer.Window(
            seconds(chunkStart),
            seconds(windowEnd),
            0,
            // a pending word waits for the next word or a pause: the latest pause the ring holds
            pauseStart(ring.oldestSample(), windowEnd),
            true,
            Double.NEGATIVE_INFINITY,
            flush,
            false);
    if (!flush) {
      streamWindows++;
      nextDecodeAt = streamBoundary();
    }
    return new DueDecode(null, chunkStart, end, false, true, 0, 0, flush, w, System.nanoTime());
  }

  /**
   * From here on, regular decodes wait in a queue for {@link #dueRequest}/{@link #completeDue} (a
   * batched round across sessions) instead of running at once. Diarized sessions keep decoding at
   * once: their speaker attribution reads the diarizer, which must not run ahead of the decode.
   */
  public void deferDecodes() {
    deferring = speakers == null;
  }

  public boolean hasDueDecode() {
    return !due.isEmpty();
  }

  /** When the oldest due decode fell due (System.nanoTime). */
  public long oldestDueNanos() {
    return due.getFirst().dueNanos();
  }

  /**
   * Completes, in order, the due decodes that need no model call; then the model call the oldest
   * remaining one needs, or empty when none is due.
   */
  public Optional<WindowDecoder.Request> dueRequest(Output out) {
    while (!due.isEmpty() && !due.getFirst().needsModel()) {
      complete(due.removeFirst(), null, out);
    }
    return due.isEmpty() || due.getFirst().streaming()
        ? Optional.empty()
        : Optional.of(request(due.getFirst()));
  }

  /** The model stream whose next window the oldest due decode encodes, if it is a streaming one. */
  public Optional<CacheAwareStream> dueStream() {
    return !due.isEmpty() && due.getFirst().streaming()
        ? Optional.of(streamForDecode())
        : Optional.empty();
  }

  /** The oldest due decode's window was decoded (in a batched round): confirm what it heard. */
  public void completeDueStream(long nanos, Output out) {
    completeStream(due.removeFirst(), nanos, out);
  }

  /** The result of the model call {@link #dueRequest} asked for. */
  public void completeDue(WindowDecoder.Result result, Output out) {
    complete(due.removeFirst(), result, out);
  }

  /** Runs every due decode now, in order, alone. */
  public void drainDueDecodes(Output out) {
    while (!due.isEmpty()) {
      runNow(due.removeFirst(), out);
    }
  }

  private void schedule(DueDecode d, Output out) {
    if (deferring) {
      due.addLast(d);
    } else {
      runNow(d, out);
    }
  }

  private void runNow(DueDecode d, Output out) {
    if (d.streaming()) {
      // at the end of the stream the flushing silence may leave no whole window to decode
      CacheAwareStream s = streamForDecode();
      long nanos = -1;
      if (s.isReady()) {
        long t0 = System.nanoTime();
        streamingModel.decode(List.of(s));
        nanos = System.nanoTime() - t0;
      }
      completeStream(d, nanos, out);
      return;
    }
    complete(d, d.needsModel() ? decoder.decode(request(d)) : null, out);
  }

  /**
   * Confirms a streaming decode: a word is final once the next word starts or a pause begins;
   * tokens where the VAD heard no speech nearby are dropped (no words from silence or noise).
   */
  private void completeStream(DueDecode d, long nanos, Output out) {
    if (nanos >= 0) {
      out.decoded((long) streamingModel.metadata().chunkShift() * KaldiFbank.FRAME_SHIFT, nanos);
    }
    List<TimedToken> heard = new ArrayList<>();
    double origin = seconds(streamTokenOrigin);
    for (Token t : streamForDecode().takeTokens()) {
      if (t.special()) {
        continue;
      }
      long at = streamTokenOrigin + Math.round(t.startSeconds() * SR);
      long from = Math.max(ring.oldestSample(), at - SPEECH_NEAR_TOKEN_SAMPLES);
      long to = Math.min(ring.totalSamples(), at + SPEECH_NEAR_TOKEN_SAMPLES);
      if (to > from && vadTrack.hasSpeech(from, to)) {
        heard.add(
            new TimedToken(
                t.id(),
                t.piece(),
                origin + t.startSeconds(),
                origin + t.endSeconds(),
                t.confidence()));
      }
    }
    if (d.padded()) {
      heard = beforeSample(heard, d.audioEnd());
    }
    List<TimedToken> hypothesis = new ArrayList<>(pendingTokens);
    hypothesis.addAll(heard);
    TokenConfirmer.Decision decision = confirmer.decide(hypothesis, d.confirm());
    pendingTokens = new ArrayList<>(decision.pendingTokens());
    publish(decision, d.audioEnd(), out);
  }

  /** Built when the decode runs: a chunk continues the decoder state its predecessor left. */
  private WindowDecoder.Request request(DueDecode d) {
    return d.chunked()
        ? new WindowDecoder.Request(
            d.window(), d.windowStart(), d.firstFrame() + carryFrames, d.toFrame(), decoderState)
        : WindowDecoder.Request.fullWindow(d.window(), d.windowStart());
  }

  /** Tokens heard in the session's real audio, not in the silence appended at its end. */
  private static List<TimedToken> beforeSample(List<TimedToken> tokens, long endSample) {
    double end = seconds(endSample);
    List<TimedToken> kept = new ArrayList<>(tokens.size());
    for (TimedToken t : tokens) {
      if (t.startSeconds() < end) {
        kept.add(t);
      }
    }
    return kept;
  }

  private DueDecode windowDue(boolean flush) {
    long end = ring.totalSamples();
    long start =
        Math.max(ring.oldestSample(), Math.floorDiv(end - settings.bufferSamples(), FRAME) * FRAME);
    float[] audio = null;
    if (end > start && vadTrack.hasSpeech(start, end)) {
      audio = ring.read(start, end);
      if (flush) {
        audio = Arrays.copyOf(audio, (int) (audio.length + FLUSH_PADDING_SAMPLES));
      }
    }
    long nextStart =
        Math.floorDiv(end + settings.intervalSamples() - settings.bufferSamples(), FRAME) * FRAME;
    double forceBefore =
        nextStart > start ? seconds(nextStart + 2L * FRAME) : Double.NEGATIVE_INFINITY;
    TokenConfirmer.Window w =
        new TokenConfirmer.Window(
            seconds(start),
            seconds(end),
            settings.confirmSeconds(),
            pauseStart(start, end),
            settings.lookahead(),
            forceBefore,
            flush,
            true);
    nextDecodeAt = end + settings.intervalSamples();
    return new DueDecode(audio, start, end, false, false, 0, 0, flush, w, System.nanoTime());
  }

  /**
   * {@code ending}: the stream ends within the chunk's right context, which silence completes;
   * {@code flush}: this is its last chunk, everything pending is confirmed.
   */
  private DueDecode chunkDue(boolean ending, boolean flush) {
    long total = ring.totalSamples();
    long chunkStart = nextDecodeAt;
    long chunkEnd = Math.min(chunkStart + settings.intervalSamples(), total);
    long windowStart = Math.max(ring.oldestSample(), chunkStart - settings.leftContextSamples());
    float[] audio = null;
    if (chunkEnd > chunkStart && vadTrack.hasSpeech(windowStart, total)) {
      audio = ring.read(windowStart, total);
      if (ending) {
        audio = Arrays.copyOf(audio, (int) (audio.length + settings.confirmSamples()));
      }
    }
    int firstFrame = (int) ((chunkStart - windowStart) / FRAME);
    int toFrame = (int) ((chunkEnd - windowStart + FRAME - 1) / FRAME);
    // Only a pause starting inside the decoded chunk proves the words before it are complete.
    TokenConfirmer.Window w =
        new TokenConfirmer.Window(
            seconds(chunkStart),
            seconds(chunkEnd),
            0,
            pauseStart(chunkStart, Math.min(total, chunkEnd + VadTrack.MIN_PAUSE_SAMPLES)),
            true,
            seconds(chunkEnd) - settings.bufferSeconds(),
            flush,
            false);
    nextDecodeAt = chunkEnd;
    return new DueDecode(
        audio, windowStart, total, true, false, firstFrame, toFrame, ending, w, System.nanoTime());
  }

  /** Confirms a due decode's hypothesis ({@code result} null: it held no speech) and publishes. */
  private void complete(DueDecode d, WindowDecoder.Result result, Output out) {
    List<TimedToken> heard = List.of();
    if (result != null) {
      out.decoded(result.encodedSamples(), result.nanos());
      heard = d.padded() ? beforeSample(result.tokens(), d.audioEnd()) : result.tokens();
    }
    if (!d.chunked()) {
      publish(confirmer.decide(heard, d.confirm()), d.audioEnd(), out);
      return;
    }
    List<TimedToken> hypothesis = new ArrayList<>(pendingTokens);
    hypothesis.addAll(heard);
    if (result != null) {
      decoderState = result.state();
      carryFrames = Math.max(0, result.nextFrame() - d.toFrame());
    } else {
      carryFrames = 0;
    }
    TokenConfirmer.Decision decision = confirmer.decide(hypothesis, d.confirm());
    pendingTokens = new ArrayList<>(decision.pendingTokens());
    publish(decision, d.audioEnd(), out);
  }

  private double pauseStart(long from, long to) {
    if (!settings.pauseDetection()) {
      return Double.NaN;
    }
    long p = vadTrack.latestPauseStart(from, to);
    return p < 0 ? Double.NaN : seconds(p);
  }

  private void publish(TokenConfirmer.Decision d, long nowSample, Output out) {
    double now = seconds(nowSample);
    if (d.revised() + d.forcedOut() + d.droppedAtEdge() > 0) {
      out.churn(settings.mode(), d.revised(), d.forcedOut(), d.droppedAtEdge());
    }
    if (!d.confirmed().isEmpty()) {
      out.confirmed(d.confirmed(), now);
    }
    addFinalWords(attributeSpeakers(d.confirmed(), now), now, out);
    if (d.pending().isEmpty() && awaitingSpeaker.isEmpty()) {
      segmenter
          .closeIfQuiet(confirmer.confirmedEndSeconds(), now)
          .ifPresent(s -> emitFinal(s, now, out));
    }
    if (!defaults.partials()) {
      return;
    }
    List<ConfirmedWord> words = new ArrayList<>(segmenter.openWords());
    words.addAll(awaitingSpeaker);
    words.addAll(d.pending());
    if (words.isEmpty()) {
      return;
    }
    Segment partial = new Segment(segmenter.nextSequence(), words);
    if (partial.sequence() != partialSequence) {
      partialSequence = partial.sequence();
      partialRevision = 0;
      lastPartialText = "";
    }
    if (!partial.text().equals(lastPartialText)) {
      lastPartialText = partial.text();
      out.segment(
          partial,
          false,
          ++partialRevision,
          settings.language(),
          captureTimeAt(partial.endSeconds(), now),
          now);
    }
  }

  /**
   * Diarized sessions: queues the newly confirmed words and returns those (in order) whose speaker
   * is known now — the diarizer's activities reach their end — each with the speaker most active
   * over it. Words waiting longer than {@link #MAX_SPEAKER_WAIT_SECONDS} go out without a speaker
   * rather than hold the session back.
   */
  private List<ConfirmedWord> attributeSpeakers(List<ConfirmedWord> confirmed, double now) {
    if (speakers == null) {
      return confirmed;
    }
    awaitingSpeaker.addAll(confirmed);
    List<ConfirmedWord> ready = new ArrayList<>();
    while (!awaitingSpeaker.isEmpty()) {
      ConfirmedWord w = awaitingSpeaker.get(0);
      Optional<SpeakerAssignment> a = speakers.assign(w.startSeconds(), w.endSeconds());
      if (a.isPresent()) {
        ready.add(w.withSpeaker(a.get().speaker(), a.get().overlap()));
      } else if (now - w.endSeconds() > MAX_SPEAKER_WAIT_SECONDS) {
        ready.add(w);
      } else {
        break;
      }
      awaitingSpeaker.remove(0);
    }
    if (!ready.isEmpty()) {
      // later words start after this one's start: older activities are no longer needed
      speakers.confirmBefore(ready.get(ready.size() - 1).startSeconds());
    }
    return ready;
  }

  /**
   * A diarized session recovered on a task manager without the Sortformer model keeps its
   * subtitles: the words waiting for a speaker go out without one, and the session says why once.
   * Failing the restore instead would restart-loop the job and take every room's subtitles down.
   */
  private void reportLostDiarization(Output out) {
    if (diarizationLost == null) {
      return;
    }
    double now = seconds(ring.totalSamples());
    out.status(SessionState.STARTED, diarizationLost, settings.language(), now);
    out.diarizationLost(diarizationLost);
    addFinalWords(new ArrayList<>(awaitingSpeaker), now, out);
    awaitingSpeaker.clear();
    diarizationLost = null;
    // From here the diarizer would miss audio, so its numbering could not resume: the stored state
    // is dropped.
    dormantSpeakers = null;
  }

  /**
   * Adds final words to the segmenter in order; each segment's words go out as they become final,
   * before the segment that holds them closes, so a client sees words, then their segment.
   */
  private void addFinalWords(List<ConfirmedWord> words, double now, Output out) {
    List<ConfirmedWord> batch = new ArrayList<>();
    long batchSequence = segmenter.nextSequence();
    for (ConfirmedWord w : words) {
      List<Segment> closed = segmenter.add(List.of(w));
      Segment last = closed.isEmpty() ? null : closed.get(closed.size() - 1);
      // Compared by identity: a segment keeps the very word objects it was given.
      boolean closesWithW = last != null && last.words().get(last.words().size() - 1) == w;
      Segment before = closed.size() == 2 || (last != null && !closesWithW) ? closed.get(0) : null;
      if (before != null) {
        emitWords(batchSequence, batch, now, out);
        emitFinal(before, now, out);
      }
      if (batch.isEmpty()) {
        batchSequence = closesWithW ? last.sequence() : segmenter.nextSequence();
      }
      batch.add(w);
      if (closesWithW) {
        emitWords(batchSequence, batch, now, out);
        emitFinal(last, now, out);
      }
    }
    emitWords(batchSequence, batch, now, out);
  }

  private void emitWords(long sequence, List<ConfirmedWord> batch, double now, Output out) {
    if (batch.isEmpty()) {
      return;
    }
    double end = batch.get(batch.size() - 1).endSeconds();
    out.words(sequence, List.copyOf(batch), settings.language(), captureTimeAt(end, now), now);
    batch.clear();
  }

  private void emitFinal(Segment s, double now, Output out) {
    out.segment(s, true, 0, settings.language(), captureTimeAt(s.endSeconds(), now), now);
  }

  private void closeOpenSegment(Output out) {
    double now = seconds(ring.totalSamples());
    segmenter.flush().ifPresent(s -> emitFinal(s, now, out));
  }

  private void end(SessionState why, String reason, Output out) {
    if (phase == Phase.WAITING_FOR_START) {
      begin(
          SessionSettings.of(defaults.mode()),
          "session ended before any START event: job defaults (" + defaults.mode().id() + ")",
          out);
    }
    if (phase == Phase.ENDED || phase == Phase.REFUSED) {
      phase = Phase.ENDED;
      return;
    }
    if (speakers != null) {
      long t0 = System.nanoTime();
      speakers.flush(); // the last frames, so every word still waiting gets its speaker
      out.diarized(0, System.nanoTime() - t0);
    }
    if (ring.totalSamples() > 0) {
      decode(true, out);
    }
    if (!awaitingSpeaker.isEmpty()) {
      double now = seconds(ring.totalSamples());
      addFinalWords(attributeSpeakers(List.of(), now), now, out);
    }
    closeOpenSegment(out);
    phase = Phase.ENDED;
    out.ended(
        why,
        reason,
        settings.language(),
        seconds(ring.totalSamples()),
        enhanceOnEnd,
        audioPartition < 0
            ? null
            : new AudioRange(audioPartition, firstAudioOffset, lastAudioOffset));
  }

  /** Where a run's chunks lie in the audio topic: one partition, first and last offset. */
  public record AudioRange(int partition, long firstOffset, long lastOffset) {}

  /**
   * The chunk about to be given to {@link #onChunk} was read at {@code offset} of audio-topic
   * partition {@code partition}: the run's range grows to hold it.
   */
  public void locateAudio(int partition, long offset) {
    if (audioPartition < 0) {
      audioPartition = partition;
      firstAudioOffset = offset;
      lastAudioOffset = offset;
    } else if (partition == audioPartition) {
      firstAudioOffset = Math.min(firstAudioOffset, offset);
      lastAudioOffset = Math.max(lastAudioOffset, offset);
    }
  }

  /** Whether the session asks for the enhanced transcript at its end (its latest START says). */
  public void requestEnhancement(boolean on) {
    enhanceOnEnd = on;
  }

  /**
   * When the chunk holding {@code endSeconds} was captured; a token may end after the audio its
   * decode saw ({@code nowSeconds}), and audio that arrived since must not answer for it.
   */
  private Long captureTimeAt(double endSeconds, double nowSeconds) {
    long sample = Math.round(Math.min(endSeconds, nowSeconds) * SR);
    for (long[] entry : captureTimes) {
      if (entry[0] >= sample) {
        return entry[1];
      }
    }
    return captureTimes.isEmpty() ? null : captureTimes.peekLast()[1];
  }

  private static double seconds(long samples) {
    return samples / (double) SR;
  }

  // ---- state ----

  /** The whole state, the ring's samples included. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      write(new DataOutputStream(bytes), true);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the ring audio appended since the last persist to {@code blocks} and returns the rest of
   * the state (a few kB): what a checkpoint writes is the new audio, not the whole ring.
   */
  public byte[] persist(AudioBlocks blocks) throws Exception {
    if (ring != null) {
      lowestStoredBlock = ring.persist(blocks, lowestStoredBlock);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(new DataOutputStream(bytes), false);
    return bytes.toByteArray();
  }

  /** A stream written by {@link #persist} (or {@link #toBytes}), its audio read from blocks. */
  public static SessionStream restore(
      byte[] bytes,
      AudioBlocks blocks,
      Defaults defaults,
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      FrameVad vad,
      Diarization diarization)
      throws Exception {
    return read(
        new DataInputStream(new ByteArrayInputStream(bytes)),
        blocks,
        defaults,
        decoder,
        streamingModel,
        vad,
        diarization);
  }

  public static SessionStream fromBytes(
      byte[] bytes, Defaults defaults, WindowDecoder decoder, FrameVad vad) {
    return fromBytes(bytes, defaults, decoder, vad, Diarization.unavailable());
  }

  public static SessionStream fromBytes(
      byte[] bytes,
      Defaults defaults,
      WindowDecoder decoder,
      FrameVad vad,
      Diarization diarization) {
    try {
      return read(
          new DataInputStream(new ByteArrayInputStream(bytes)),
          null,
          defaults,
          decoder,
          null,
          vad,
          diarization);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(DataOutput out, boolean audioInline) throws IOException {
    if (!due.isEmpty()) {
      throw new IllegalStateException(due.size() + " decodes still due: run them before storing");
    }
    out.writeByte(FORMAT);
    out.writeUTF(phase.name());
    sequencer.write(out);
    out.writeInt(held.size());
    for (ChunkSequencer.Release r : held) {
      if (r instanceof ChunkSequencer.Gap g) {
        out.writeBoolean(true);
        out.writeLong(g.firstMissing());
        out.writeLong(g.lastMissing());
        out.writeLong(g.silenceSamples());
      } else {
        ChunkSequencer.Audio a = (ChunkSequencer.Audio) r;
        out.writeBoolean(false);
        out.writeLong(a.sequence());
        out.writeLong(a.captureTimeMillis());
        out.writeBoolean(a.endOfStream());
        writePcm16(out, a.samples());
      }
    }
    out.writeLong(heldSamples);
    out.writeLong(endAfterSequence);
    out.writeBoolean(settings != null);
    if (settings == null) {
      return;
    }
    settings.write(out);
    out.writeBoolean(audioInline);
    if (audioInline) {
      ring.write(out);
    } else {
      ring.writeMeta(out);
    }
    out.writeLong(lowestStoredBlock);
    vadTrack.write(out);
    confirmer.write(out);
    segmenter.write(out);
    out.writeLong(nextDecodeAt);
    writeFloats(out, decoderState.state1());
    writeFloats(out, decoderState.state2());
    out.writeInt(decoderState.lastToken());
    out.writeBoolean(decoderState.fresh());
    out.writeInt(carryFrames);
    TokenIO.writeTokens(out, pendingTokens);
    out.writeLong(partialSequence);
    out.writeInt(partialRevision);
    out.writeUTF(lastPartialText);
    out.writeInt(captureTimes.size());
    for (long[] c : captureTimes) {
      out.writeLong(c[0]);
      out.writeLong(c[1]);
    }
    SessionDiarizer.State diarizer = speakers != null ? speakers.state() : dormantSpeakers;
    out.writeBoolean(diarizer != null);
    if (diarizer != null) {
      writeDiarizer(out, diarizer);
      TokenIO.writeWords(out, awaitingSpeaker);
    }
    out.writeLong(streamOrigin);
    out.writeLong(streamWindows);
    out.writeBoolean(enhanceOnEnd);
    out.writeInt(audioPartition);
    out.writeLong(firstAudioOffset);
    out.writeLong(lastAudioOffset);
  }

  private static void writeDiarizer(DataOutput out, SessionDiarizer.State state)
      throws IOException {
    DiarizationState d = state.stream();
    out.writeLong(d.nextFrame());
    out.writeLong(d.audioStart());
    writeFloatsBulk(out, d.audio());
    writeFloatsBulk(out, d.spkcache());
    writeFloatsBulk(out, d.spkcachePreds());
    out.writeBoolean(d.cachePredsKnown());
    writeFloatsBulk(out, d.fifo());
    writeFloatsBulk(out, d.fifoPreds());
    writeFloatsBulk(out, d.silenceMean());
    out.writeLong(d.silenceFrames());
    SpeakerTimeline.Snapshot t = state.timeline();
    out.writeInt(t.maxSpeakers());
    out.writeInt(t.maxFrames());
    out.writeLong(t.firstFrame());
    writeFloatsBulk(out, t.probs());
  }

  private static SessionDiarizer.State readDiarizer(DataInput in) throws IOException {
    DiarizationState d =
        new DiarizationState(
            in.readLong(),
            in.readLong(),
            readFloatsBulk(in),
            readFloatsBulk(in),
            readFloatsBulk(in),
            in.readBoolean(),
            readFloatsBulk(in),
            readFloatsBulk(in),
            readFloatsBulk(in),
            in.readLong());
    SpeakerTimeline.Snapshot t =
        new SpeakerTimeline.Snapshot(in.readInt(), in.readInt(), in.readLong(), readFloatsBulk(in));
    return new SessionDiarizer.State(d, t);
  }

  private static void writeFloatsBulk(DataOutput out, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4);
    bytes.asFloatBuffer().put(values);
    out.writeInt(values.length);
    out.write(bytes.array());
  }

  private static float[] readFloatsBulk(DataInput in) throws IOException {
    byte[] raw = new byte[in.readInt() * 4];
    in.readFully(raw);
    float[] values = new float[raw.length / 4];
    ByteBuffer.wrap(raw).asFloatBuffer().get(values);
    return values;
  }

  private static SessionStream read(
      DataInput in,
      AudioBlocks blocks,
      Defaults defaults,
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      FrameVad vad,
      Diarization diarization)
      throws Exception {
    int format = in.readByte();
    if (format < 1 || format > FORMAT) {
      throw new IOException("unknown session state format " + format + ", expected 1 to " + FORMAT);
    }
    SessionStream s = new SessionStream(defaults, decoder, streamingModel, vad, diarization);
    s.phase = Phase.valueOf(in.readUTF());
    s.sequencer = ChunkSequencer.read(in, defaults.reorderWindow(), format >= 3);
    int heldCount = in.readInt();
    for (int i = 0; i < heldCount; i++) {
      if (in.readBoolean()) {
        s.held.add(new ChunkSequencer.Gap(in.readLong(), in.readLong(), in.readLong()));
      } else {
        long seq = in.readLong();
        long capture = in.readLong();
        boolean eos = in.readBoolean();
        float[] samples;
        if (format >= 4) {
          samples = readPcm16(in);
        } else {
          samples = new float[in.readInt()];
          for (int k = 0; k < samples.length; k++) {
            samples[k] = in.readFloat();
          }
        }
        s.held.add(new ChunkSequencer.Audio(seq, samples, capture, eos));
      }
    }
    s.heldSamples = in.readLong();
    if (format >= 3) {
      s.endAfterSequence = in.readLong();
    }
    if (!in.readBoolean()) {
      return s;
    }
    s.settings = SessionSettings.read(in, format >= 3);
    if (format < 4 || in.readBoolean()) {
      s.ring = AudioRing.read(in);
    } else if (blocks == null) {
      throw new IOException("session state keeps its audio in blocks: restore it with them");
    } else {
      s.ring = AudioRing.readMeta(in, blocks);
    }
    // from an older format nothing is in the block store yet: none below the ring's audio to remove
    s.lowestStoredBlock =
        format >= 4 ? in.readLong() : s.ring.oldestSample() / AudioRing.BLOCK_SAMPLES;
    s.vadTrack = VadTrack.read(in, vad);
    s.confirmer = format >= 3 ? TokenConfirmer.read(in) : TokenConfirmer.readTimeRuleOnly(in);
    s.segmenter = Segmenter.read(in, segmentRules(s.settings), format >= 2);
    s.nextDecodeAt = in.readLong();
    float[] state1 = readFloats(in);
    float[] state2 = readFloats(in);
    s.decoderState = new DecoderState(state1, state2, in.readInt(), in.readBoolean());
    s.carryFrames = in.readInt();
    s.pendingTokens = new ArrayList<>(TokenIO.readTokens(in));
    s.partialSequence = in.readLong();
    s.partialRevision = in.readInt();
    s.lastPartialText = in.readUTF();
    int captures = in.readInt();
    for (int i = 0; i < captures; i++) {
      s.captureTimes.addLast(new long[] {in.readLong(), in.readLong()});
    }
    if (format >= 2 && in.readBoolean()) {
      SessionDiarizer.State stored = readDiarizer(in);
      s.awaitingSpeaker.addAll(TokenIO.readWords(in, true));
      Optional<String> unavailable = diarization.refusal(true, s.settings.maxSpeakers());
      if (unavailable.isEmpty()) {
        s.speakers = SessionDiarizer.restore(diarization.diarizer(), stored);
      } else {
        s.dormantSpeakers = stored;
        s.diarizationLost =
            "diarization unavailable after recovery ("
                + unavailable.get()
                + "): speakers are omitted from here on";
      }
    }
    if (format >= 5) {
      s.streamOrigin = in.readLong();
      s.streamWindows = in.readLong();
      s.enhanceOnEnd = in.readBoolean();
      s.audioPartition = in.readInt();
      s.firstAudioOffset = in.readLong();
      s.lastAudioOffset = in.readLong();
    }
    return s;
  }

  private static void writePcm16(DataOutput out, float[] samples) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2);
    for (float f : samples) {
      bytes.putShort(AudioRing.toPcm16(f));
    }
    out.writeInt(samples.length);
    out.write(bytes.array());
  }

  private static float[] readPcm16(DataInput in) throws IOException {
    byte[] raw = new byte[in.readInt() * 2];
    in.readFully(raw);
    ByteBuffer bytes = ByteBuffer.wrap(raw);
    float[] samples = new float[raw.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = bytes.getShort() / 32768f;
    }
    return samples;
  }

  private static void writeFloats(DataOutput out, float[] values) throws IOException {
    out.writeInt(values == null ? -1 : values.length);
    if (values != null) {
      for (float v : values) {
        out.writeFloat(v);
      }
    }
  }

  private static float[] readFloats(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }
}
