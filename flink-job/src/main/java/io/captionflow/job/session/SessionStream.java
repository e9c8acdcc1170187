package io.captionflow.job.session;

import io.captionflow.inference.cacheaware.CacheAwareStream;
import io.captionflow.inference.cacheaware.StreamingRecognizer;
import io.captionflow.inference.vad.VadModel;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.VadTrack;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.schema.SessionState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One session's streaming transcription, free of Flink: chunks in (any order), confirmed segments,
 * partials, speech activity and status out. Every decision is taken on the audio clock (sample
 * counts), so the output is a pure function of the session's audio and settings. The whole state
 * round-trips through {@link #toBytes()} / {@link #fromBytes} ({@link SessionStateCodec}); the
 * shared models are passed in, never stored.
 *
 * <p>It coordinates its stages: the {@link ChunkSequencer} puts chunks in order, {@link HeldAudio}
 * keeps what arrives before START, {@link SessionAudio} (ring and VAD) takes the audio, the {@link
 * DecodeSchedule} says when a decode falls due and confirms its result, the {@link
 * SegmentPublisher} turns decisions into words and segments, and {@link SpeakerAttribution} gives
 * diarized sessions' words their speakers.
 */
public final class SessionStream {

  public enum Phase {
    WAITING_FOR_START,
    RUNNING,
    ENDED,
    REFUSED
  }

  /** Job-wide knobs every session shares. */
  public record Defaults(
      LatencyMode mode, double startWaitSeconds, int reorderWindow, boolean partials)
      implements java.io.Serializable {
    public static final Defaults STANDARD = new Defaults(LatencyMode.SPEEDY, 60.0, 64, true);
  }

  /** Where a run's chunks lie in the audio topic: one partition, first and last offset. */
  public record AudioRange(int partition, long firstOffset, long lastOffset) {}

  final Defaults defaults;
  final SessionModels models;

  // The stages and the session's own state, read and written by SessionStateCodec.
  Phase phase = Phase.WAITING_FOR_START;
  SessionSettings settings;
  ChunkSequencer sequencer;
  HeldAudio held = new HeldAudio();

  /** The last chunk an END event named: the session ends once it is released; -1 = none. */
  long endAfterSequence = -1;

  SessionAudio audio;
  DecodeSchedule schedule;
  CaptureTimes captureTimes = new CaptureTimes();
  SpeakerAttribution speakers = SpeakerAttribution.none();
  SegmentPublisher publisher;
  boolean enhanceOnEnd;
  AudioTopicRange audioRange = new AudioTopicRange();

  /** Decodes fallen due and not yet run (never stored: the operator runs them all first). */
  private final ArrayDeque<DueDecode> due = new ArrayDeque<>();

  private boolean deferring;

  SessionStream(Defaults defaults, SessionModels models) {
    this.defaults = defaults;
    this.models = models;
  }

  /** A session on a task manager without a diarization model (diarized sessions are refused). */
  public static SessionStream create(Defaults defaults, WindowDecoder decoder, VadModel vad) {
    return create(defaults, decoder, vad, Diarization.unavailable());
  }

  public static SessionStream create(
      Defaults defaults, WindowDecoder decoder, VadModel vad, Diarization diarization) {
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
      VadModel vad,
      Diarization diarization) {
    SessionStream s =
        new SessionStream(defaults, new SessionModels(decoder, streamingModel, vad, diarization));
    s.sequencer = new ChunkSequencer(defaults.reorderWindow());
    return s;
  }

  public Phase phase() {
    return phase;
  }

  public long audioSamples() {
    return audio == null ? 0 : audio.totalSamples();
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
  public void refuse(String reason, String language, SessionOutput out) {
    if (phase != Phase.WAITING_FOR_START) {
      throw new IllegalStateException("only a session that has not started can be refused");
    }
    phase = Phase.REFUSED;
    held.drop();
    out.status(SessionState.REFUSED, reason, language, 0);
  }

  /**
   * A START event: the session's settings (or, mid-session, new settings from the next sample on).
   */
  public void onStart(SessionSettings newSettings, SessionOutput out) {
    if (phase == Phase.WAITING_FOR_START) {
      Optional<String> refusal =
          modeRefusal(newSettings.mode())
              .or(
                  () ->
                      models
                          .diarization()
                          .refusal(newSettings.diarization(), newSettings.maxSpeakers()));
      if (refusal.isPresent()) {
        // Never transcribe without the speakers the session asked for: refuse it, drop what it
        // held.
        refuse(refusal.get(), newSettings.language(), out);
        return;
      }
      begin(newSettings, null, out);
    } else if (phase == Phase.RUNNING && !newSettings.equals(settings)) {
      changeSettings(newSettings, out);
    }
  }

  /** New settings mid-session: a mode no model serves is refused, diarization stays as it was. */
  private void changeSettings(SessionSettings newSettings, SessionOutput out) {
    double now = SessionAudio.seconds(audio.totalSamples());
    Optional<String> refusal = modeRefusal(newSettings.mode());
    if (refusal.isPresent()) {
      out.status(
          SessionState.STARTED,
          "settings change refused, the session keeps latency mode '"
              + settings.mode().id()
              + "': "
              + refusal.get(),
          settings.language(),
          now);
      return;
    }
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
    if (!next.equals(settings)) {
      decode(true, out);
      publisher.closeOpenSegment(now, out);
      settings = next;
      publisher.restart(next);
      startPipeline(audio.totalSamples());
    }
    out.status(SessionState.STARTED, reason, settings.language(), now);
  }

  /** Why this job cannot serve {@code mode}: no model it was given decodes that way. */
  private Optional<String> modeRefusal(LatencyMode mode) {
    if (mode.streaming() && models.streaming() == null) {
      return Optional.of(
          "latency mode 'streaming' needs a cache-aware streaming model, and this job has only an"
              + " offline TDT model: start the job with --streaming-model DIR, or ask for another"
              + " mode");
    }
    if (!mode.streaming() && models.decoder() == null) {
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
      long sequence,
      float[] samples,
      long captureTimeMillis,
      boolean endOfStream,
      SessionOutput out) {
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
  public void endAfter(long lastSequence, SessionOutput out) {
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
  public void finish(SessionState why, String reason, SessionOutput out) {
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

  private void accept(ChunkSequencer.Release r, SessionOutput out) {
    if (phase == Phase.ENDED || phase == Phase.REFUSED) {
      return;
    }
    if (phase == Phase.WAITING_FOR_START) {
      // Even the end-of-stream chunk waits: on another topic the START may simply not have been
      // read yet.
      if (held.hold(r) > defaults.startWaitSeconds() * AudioRing.SAMPLE_RATE) {
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
      captureTimes.extendOverSilence(audio.totalSamples() + gap.silenceSamples());
      append(null, gap.silenceSamples(), out);
      if (reachesLastNamedChunk(gap)) {
        end(SessionState.ENDED, null, out);
      }
    } else if (r instanceof ChunkSequencer.Audio a) {
      // known before the decodes the chunk completes, so a word's capture time is that of the chunk
      // holding its end however late its decode runs
      captureTimes.add(audio.totalSamples() + a.samples().length, a.captureTimeMillis());
      append(a.samples(), a.samples().length, out);
      // due decodes may still ask for older capture times
      if (due.isEmpty()) {
        captureTimes.forgetBefore(audio.oldestSample() - 2L * AudioRing.SAMPLE_RATE);
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

  private void begin(SessionSettings s, String reason, SessionOutput out) {
    settings = s;
    phase = Phase.RUNNING;
    speakers = SpeakerAttribution.starting(s, models.diarization());
    publisher = SegmentPublisher.starting(defaults.partials(), s, captureTimes, speakers);
    startPipeline(0);
    out.status(SessionState.STARTED, reason, s.language(), 0);
    for (ChunkSequencer.Release r : held.release()) {
      accept(r, out);
    }
  }

  private void startPipeline(long at) {
    audio = SessionAudio.startingAt(settings, models.vad(), at);
    schedule = DecodeSchedule.startingAt(settings, models.decoder(), models.streaming(), at);
  }

  /** Appends audio (silence when {@code samples} is null), running each decode as it falls due. */
  private void append(float[] samples, long length, SessionOutput out) {
    long done = 0;
    while (done < length) {
      long step = Math.min(length - done, schedule.nextBoundary() - audio.totalSamples());
      List<VadTrack.Change> changes = audio.append(samples, (int) done, step);
      schedule.appended(audio, samples == null, step);
      speakers.hear(samples, (int) done, step, out);
      for (VadTrack.Change c : changes) {
        out.activity(c.speaking(), SessionAudio.seconds(c.atSample()));
      }
      done += step;
      if (audio.totalSamples() == schedule.nextBoundary()) {
        decode(false, out);
      }
    }
  }

  private void decode(boolean flush, SessionOutput out) {
    if (!flush) {
      DueDecode d = schedule.due(audio);
      if (deferring) {
        due.addLast(d);
      } else {
        runAlone(d, out);
      }
      return;
    }
    // a flush changes the pipeline right after it: every decode still due runs first, alone
    drainDueDecodes(out);
    schedule.flush(audio, d -> runAlone(d, out));
  }

  private void runAlone(DueDecode d, SessionOutput out) {
    publisher.publish(schedule.runAlone(d, audio, publisher.confirmer(), out), d.audioEnd(), out);
  }

  /**
   * From here on, regular decodes wait in a queue for {@link #dueRequest}/{@link #completeDue} (a
   * batched round across sessions) instead of running at once. Diarized sessions keep decoding at
   * once: their speaker attribution reads the diarizer, which must not run ahead of the decode.
   */
  public void deferDecodes() {
    deferring = !speakers.diarized();
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
  public Optional<WindowDecoder.Request> dueRequest(SessionOutput out) {
    while (!due.isEmpty() && !due.getFirst().needsModel()) {
      completeDue(null, out);
    }
    return due.isEmpty() || due.getFirst().streaming()
        ? Optional.empty()
        : Optional.of(((OfflineSchedule) schedule).request(due.getFirst()));
  }

  /** The model stream whose next window the oldest due decode encodes, if it is a streaming one. */
  public Optional<CacheAwareStream> dueStream() {
    return !due.isEmpty() && due.getFirst().streaming()
        ? Optional.of(((StreamingSchedule) schedule).stream(audio))
        : Optional.empty();
  }

  /** The oldest due decode's window was decoded (in a batched round): confirm what it heard. */
  public void completeDueStream(long nanos, SessionOutput out) {
    DueDecode d = due.removeFirst();
    TokenConfirmer confirmer = publisher.confirmer();
    publisher.publish(
        ((StreamingSchedule) schedule).complete(d, nanos, audio, confirmer, out),
        d.audioEnd(),
        out);
  }

  /** The result of the model call {@link #dueRequest} asked for. */
  public void completeDue(WindowDecoder.Result result, SessionOutput out) {
    DueDecode d = due.removeFirst();
    TokenConfirmer confirmer = publisher.confirmer();
    publisher.publish(
        ((OfflineSchedule) schedule).complete(d, result, confirmer, out), d.audioEnd(), out);
  }

  /** Runs every due decode now, in order, alone. */
  public void drainDueDecodes(SessionOutput out) {
    while (!due.isEmpty()) {
      runAlone(due.removeFirst(), out);
    }
  }

  /**
   * A diarized session recovered on a task manager without the Sortformer model keeps its
   * subtitles: the words waiting for a speaker go out without one, and the session says why once.
   * Failing the restore instead would restart-loop the job and take every room's subtitles down.
   */
  private void reportLostDiarization(SessionOutput out) {
    Optional<String> lost = speakers.lostReason();
    if (lost.isEmpty()) {
      return;
    }
    double now = SessionAudio.seconds(audio.totalSamples());
    out.status(SessionState.STARTED, lost.get(), settings.language(), now);
    out.diarizationLost(lost.get());
    publisher.addFinalWords(speakers.giveUp(), now, out);
  }

  private void end(SessionState why, String reason, SessionOutput out) {
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
    speakers.flush(out);
    if (audio.totalSamples() > 0) {
      decode(true, out);
    }
    double now = SessionAudio.seconds(audio.totalSamples());
    if (!speakers.awaiting().isEmpty()) {
      publisher.addFinalWords(speakers.attribute(List.of(), now), now, out);
    }
    publisher.closeOpenSegment(now, out);
    phase = Phase.ENDED;
    out.ended(why, reason, settings.language(), now, enhanceOnEnd, audioRange.range());
  }

  /**
   * The chunk about to be given to {@link #onChunk} was read at {@code offset} of audio-topic
   * partition {@code partition}: the run's range grows to hold it.
   */
  public void locateAudio(int partition, long offset) {
    audioRange.locate(partition, offset);
  }

  /** Whether the session asks for the enhanced transcript at its end (its latest START says). */
  public void requestEnhancement(boolean on) {
    enhanceOnEnd = on;
  }

  // ---- state (SessionStateCodec) ----

  /** The whole state, the ring's samples included. */
  public byte[] toBytes() {
    requireNoDueDecodes();
    return SessionStateCodec.write(this, null);
  }

  /**
   * Writes the ring audio appended since the last persist to {@code blocks} and returns the rest of
   * the state (a few kB): what a checkpoint writes is the new audio, not the whole ring.
   */
  public byte[] persist(AudioBlocks blocks) throws Exception {
    requireNoDueDecodes();
    if (audio != null) {
      audio.persist(blocks);
    }
    return SessionStateCodec.write(this, blocks);
  }

  private void requireNoDueDecodes() {
    if (!due.isEmpty()) {
      throw new IllegalStateException(due.size() + " decodes still due: run them before storing");
    }
  }

  /** A stream written by {@link #persist} (or {@link #toBytes}), its audio read from blocks. */
  public static SessionStream restore(
      byte[] bytes,
      AudioBlocks blocks,
      Defaults defaults,
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      VadModel vad,
      Diarization diarization)
      throws Exception {
    return SessionStateCodec.read(
        bytes, blocks, defaults, new SessionModels(decoder, streamingModel, vad, diarization));
  }

  public static SessionStream fromBytes(
      byte[] bytes, Defaults defaults, WindowDecoder decoder, VadModel vad) {
    return fromBytes(bytes, defaults, decoder, vad, Diarization.unavailable());
  }

  public static SessionStream fromBytes(
      byte[] bytes,
      Defaults defaults,
      WindowDecoder decoder,
      VadModel vad,
      Diarization diarization) {
    return SessionStateCodec.readInline(
        bytes, defaults, new SessionModels(decoder, null, vad, diarization));
  }
}
