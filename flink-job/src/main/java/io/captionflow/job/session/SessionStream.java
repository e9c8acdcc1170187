package io.captionflow.job.session;

import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.vad.VadModel;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.schema.SessionState;
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
 * <p>It runs the session's life (START, settings, END, refusal): the {@link ChunkSequencer} puts
 * chunks in order, {@link HeldAudio} keeps what arrives before START, and the {@link Transcription}
 * turns the audio into words and segments.
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

  final Defaults defaults;
  final SessionModels models;

  // The stages and the session's own state, read and written by SessionStateCodec.
  Phase phase = Phase.WAITING_FOR_START;
  SessionSettings settings;
  ChunkSequencer sequencer;
  HeldAudio held = new HeldAudio();

  final SessionEnd ending = new SessionEnd();

  Transcription transcription; // null until the session begins

  /** Whether the operator runs this session's decodes in batched rounds ({@link #deferDecodes}). */
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
    return transcription == null ? 0 : transcription.audio().totalSamples();
  }

  /** The reorder bound in chunks (see {@link ChunkSequencer}). */
  public int reorderWindow() {
    return sequencer.window();
  }

  /** The last chunk an END event named, if one did: the session ends once it is released. */
  public OptionalLong endAfterSequence() {
    return ending.lastNamedChunk();
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
      Optional<String> refusal = models.refusal(newSettings);
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

  /** The settings the session runs with now (null before its START). */
  public SessionSettings settings() {
    return settings;
  }

  /** Whether the session's audio is in speech now (false in a pause, or while not running). */
  public boolean speaking() {
    return phase == Phase.RUNNING && transcription.speaking();
  }

  /** Confirms everything so far and decodes afresh from the next sample (lag budget's skipping). */
  public void restartDecoding(SessionOutput out) {
    if (phase == Phase.RUNNING) {
      transcription.restart(settings, out);
    }
  }

  /**
   * Goes on in {@code cheaper} mode from the next sample, as a settings change does, saying why in
   * a status; false when the session is not running or no model serves that mode.
   */
  public boolean degradeTo(LatencyMode cheaper, String reason, SessionOutput out) {
    if (phase != Phase.RUNNING
        || settings.mode() == cheaper
        || models.refusal(cheaper).isPresent()) {
      return false;
    }
    SessionSettings next = settings.withMode(cheaper);
    transcription.restart(next, out);
    settings = next;
    out.status(SessionState.STARTED, reason, settings.language(), transcription.nowSeconds());
    return true;
  }

  /** New settings mid-session: a mode no model serves is refused, diarization stays as it was. */
  private void changeSettings(SessionSettings requested, SessionOutput out) {
    double now = transcription.nowSeconds();
    Optional<String> refusal = models.refusal(requested.mode());
    SettingsChange change =
        refusal.isPresent()
            ? new SettingsChange(settings, SettingsChange.refused(settings, refusal.get()))
            : SettingsChange.of(settings, requested);
    if (!change.next().equals(settings)) {
      transcription.restart(change.next(), out);
      settings = change.next();
    }
    out.status(SessionState.STARTED, change.reason(), settings.language(), now);
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
    released.forEach(r -> accept(r, out));
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
    ending.lastNamedChunk = lastSequence;
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
    released.forEach(r -> accept(r, out));
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
        beginWithDefaults(
            "no START event within " + defaults.startWaitSeconds() + " s of audio", out);
      }
      if (ending.reachedBy(r)) {
        end(SessionState.ENDED, null, out);
      }
      return;
    }
    if (r instanceof ChunkSequencer.Gap gap) {
      out.gapFilled(gap);
      transcription.hearSilence(gap.silenceSamples(), out);
      if (ending.reachedBy(gap)) {
        end(SessionState.ENDED, null, out);
      }
    } else if (r instanceof ChunkSequencer.Audio a) {
      transcription.hear(a.samples(), a.captureTimeMillis(), out);
      if (a.endOfStream() || ending.reachedBy(a)) {
        end(SessionState.ENDED, null, out);
      }
    }
  }

  private void beginWithDefaults(String why, SessionOutput out) {
    begin(
        SessionSettings.of(defaults.mode()),
        why + ": job defaults (" + defaults.mode().id() + ")",
        out);
  }

  private void begin(SessionSettings s, String reason, SessionOutput out) {
    settings = s;
    phase = Phase.RUNNING;
    transcription = Transcription.starting(models, s, defaults.partials());
    // asked before START, when diarization was not known yet: a diarized session decodes at once
    deferring = deferring && !transcription.diarized();
    transcription.defer(deferring);
    out.status(SessionState.STARTED, reason, s.language(), 0);
    held.release().forEach(r -> accept(r, out));
  }

  /**
   * From here on, regular decodes wait in a queue ({@link #dueDecodes}) for a batched round across
   * sessions instead of running at once. Diarized sessions keep decoding at once: their speaker
   * attribution reads the diarizer, which must not run ahead of the decode.
   */
  public void deferDecodes() {
    deferring = transcription == null || !transcription.diarized();
    if (transcription != null) {
      transcription.defer(deferring);
    }
  }

  /** The decodes waiting for a batched round; none before the session begins. */
  DueDecodes dueDecodes() {
    return transcription == null ? DueDecodes.NONE : transcription;
  }

  private void reportLostDiarization(SessionOutput out) {
    if (transcription != null) {
      transcription.reportLostDiarization(out);
    }
  }

  private void end(SessionState why, String reason, SessionOutput out) {
    if (phase == Phase.WAITING_FOR_START) {
      beginWithDefaults("session ended before any START event", out);
    }
    if (phase == Phase.ENDED || phase == Phase.REFUSED) {
      phase = Phase.ENDED;
      return;
    }
    transcription.end(out);
    phase = Phase.ENDED;
    ending.announce(why, reason, settings.language(), transcription.nowSeconds(), out);
  }

  /**
   * The chunk about to be given to {@link #onChunk} was read at {@code offset} of audio-topic
   * partition {@code partition}: the run's range grows to hold it.
   */
  public void locateAudio(int partition, long offset) {
    ending.audioRange.locate(partition, offset);
  }

  /** Whether the session asks for the enhanced transcript at its end (its latest START says). */
  public void requestEnhancement(boolean on) {
    ending.enhance = on;
  }

  /** The whole state, the ring's samples included. */
  public byte[] toBytes() {
    if (transcription != null) {
      transcription.requireNoDueDecodes();
    }
    return SessionStateCodec.write(this, null);
  }

  /**
   * Writes the ring audio appended since the last persist to {@code blocks} and returns the rest of
   * the state (a few kB): what a checkpoint writes is the new audio, not the whole ring.
   */
  public byte[] persist(AudioBlocks blocks) throws Exception {
    if (transcription != null) {
      transcription.requireNoDueDecodes();
      transcription.audio().persist(blocks);
    }
    return SessionStateCodec.write(this, blocks);
  }

  /**
   * Writes the ring audio blocks filled since the last persist to {@code blocks}: called as a
   * session is stored between checkpoints, it spreads the audio's writes over the interval.
   */
  public void persistFilledAudio(AudioBlocks blocks) throws Exception {
    if (transcription != null) {
      transcription.audio().persistFilledBlocks(blocks);
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
