package io.captionflow.job.session;

import io.captionflow.asr.cacheaware.CacheAwareStream;
import io.captionflow.job.inference.VadTrack;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.schema.SessionState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * A running session's path from audio to published words: {@link SessionAudio} takes each sample,
 * the {@link DecodeSchedule} says when a decode falls due (run at once, or queued for a batched
 * round across sessions), and its confirmation goes to the {@link SegmentPublisher}, through {@link
 * SpeakerAttribution} for diarized sessions. New settings restart audio and schedule; words,
 * segments and speakers go on.
 */
final class Transcription implements DueDecodes {

  private final SessionModels models;
  private SessionSettings settings;
  private SessionAudio audio;
  private DecodeSchedule schedule;
  private final CaptureTimes captureTimes;
  private final SpeakerAttribution speakers;
  private final SegmentPublisher publisher;

  /** Decodes fallen due and not yet run (never stored: the operator runs them all first). */
  private final ArrayDeque<DueDecode> due = new ArrayDeque<>();

  private boolean deferring;

  Transcription(
      SessionModels models,
      SessionSettings settings,
      SessionAudio audio,
      DecodeSchedule schedule,
      CaptureTimes captureTimes,
      SpeakerAttribution speakers,
      SegmentPublisher publisher) {
    this.models = models;
    this.settings = settings;
    this.audio = audio;
    this.schedule = schedule;
    this.captureTimes = captureTimes;
    this.speakers = speakers;
    this.publisher = publisher;
  }

  /** A session's transcription from its first sample on. */
  static Transcription starting(SessionModels models, SessionSettings settings, boolean partials) {
    CaptureTimes captureTimes = new CaptureTimes();
    SpeakerAttribution speakers = SpeakerAttribution.starting(settings, models.diarization());
    return new Transcription(
        models,
        settings,
        SessionAudio.startingAt(settings, models.vad(), 0),
        DecodeSchedule.startingAt(settings, models.decoder(), models.streaming(), 0),
        captureTimes,
        speakers,
        SegmentPublisher.starting(partials, settings, captureTimes, speakers));
  }

  /** Whether speech is going on (no pause of {@link VadTrack#MIN_PAUSE_SAMPLES} has begun). */
  boolean speaking() {
    return audio.vad().speaking();
  }

  /** The session's audio clock in seconds. */
  double nowSeconds() {
    return SessionAudio.seconds(audio.totalSamples());
  }

  /** A chunk of audio captured at {@code captureTimeMillis}. */
  void hear(float[] samples, long captureTimeMillis, SessionOutput out) {
    // known before the decodes the chunk completes, so a word's capture time is that of the chunk
    // holding its end however late its decode runs
    captureTimes.add(audio.totalSamples() + samples.length, captureTimeMillis);
    append(samples, samples.length, out);
    // due decodes may still ask for older capture times
    if (due.isEmpty()) {
      captureTimes.forgetBefore(audio.oldestSample() - 2L * AudioRing.SAMPLE_RATE);
    }
  }

  /** Silence standing in for lost chunks; it counts as captured with the audio before it. */
  void hearSilence(long samples, SessionOutput out) {
    captureTimes.extendOverSilence(audio.totalSamples() + samples);
    append(null, samples, out);
  }

  /** Appends audio (silence when {@code samples} is null), each decode falling due in turn. */
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
        DueDecode d = schedule.due(audio);
        if (deferring) {
          due.addLast(d);
        } else {
          runAlone(d, out);
        }
      }
    }
  }

  /** Everything heard so far is decoded and confirmed, the open segment closed. */
  private void flush(SessionOutput out) {
    // a flush changes the pipeline right after it: every decode still due runs first, alone
    drainDueDecodes(out);
    schedule.flush(audio, d -> runAlone(d, out));
  }

  private void runAlone(DueDecode d, SessionOutput out) {
    publisher.publish(schedule.runAlone(d, audio, publisher.confirmer(), out), d.audioEnd(), out);
  }

  /** New settings from the next sample on: what was heard is confirmed under the old ones. */
  void restart(SessionSettings next, SessionOutput out) {
    long at = audio.totalSamples();
    flush(out);
    publisher.closeOpenSegment(nowSeconds(), out);
    settings = next;
    publisher.restart(next);
    audio = SessionAudio.startingAt(next, models.vad(), at);
    schedule = DecodeSchedule.startingAt(next, models.decoder(), models.streaming(), at);
  }

  /** The session ends: the diarizer's last frames, the last decodes, every word out. */
  void end(SessionOutput out) {
    speakers.flush(out);
    if (audio.totalSamples() > 0) {
      flush(out);
    }
    double now = nowSeconds();
    if (!speakers.awaiting().isEmpty()) {
      publisher.addFinalWords(speakers.attribute(List.of(), now), now, out);
    }
    publisher.closeOpenSegment(now, out);
  }

  /**
   * A diarized session recovered on a task manager without the Sortformer model keeps its
   * subtitles: the words waiting for a speaker go out without one, and the session says why once.
   * Failing the restore instead would restart-loop the job and take every room's subtitles down.
   */
  void reportLostDiarization(SessionOutput out) {
    Optional<String> lost = speakers.lostReason();
    if (lost.isPresent()) {
      double now = nowSeconds();
      out.status(SessionState.STARTED, lost.get(), settings.language(), now);
      out.diarizationLost(lost.get());
      publisher.addFinalWords(speakers.giveUp(), now, out);
    }
  }

  /** Whether regular decodes wait in the queue for batched rounds ({@code deferring}). */
  void defer(boolean deferring) {
    this.deferring = deferring;
  }

  boolean diarized() {
    return speakers.diarized();
  }

  @Override
  public boolean hasDueDecode() {
    return !due.isEmpty();
  }

  @Override
  public long oldestDueNanos() {
    return due.getFirst().dueNanos();
  }

  @Override
  public Optional<WindowDecoder.Request> dueRequest(SessionOutput out) {
    while (!due.isEmpty() && !due.getFirst().needsModel()) {
      completeDue(null, out);
    }
    return due.isEmpty() || due.getFirst().streaming()
        ? Optional.empty()
        : Optional.of(((OfflineSchedule) schedule).request(due.getFirst()));
  }

  @Override
  public Optional<CacheAwareStream> dueStream() {
    return !due.isEmpty() && due.getFirst().streaming()
        ? Optional.of(((StreamingSchedule) schedule).stream(audio))
        : Optional.empty();
  }

  @Override
  public void completeDueStream(long nanos, SessionOutput out) {
    DueDecode d = due.removeFirst();
    publisher.publish(
        ((StreamingSchedule) schedule).complete(d, nanos, audio, publisher.confirmer(), out),
        d.audioEnd(),
        out);
  }

  @Override
  public void completeDue(WindowDecoder.Result result, SessionOutput out) {
    DueDecode d = due.removeFirst();
    publisher.publish(
        ((OfflineSchedule) schedule).complete(d, result, publisher.confirmer(), out),
        d.audioEnd(),
        out);
  }

  /** Runs every due decode now, in order, alone. */
  void drainDueDecodes(SessionOutput out) {
    while (!due.isEmpty()) {
      runAlone(due.removeFirst(), out);
    }
  }

  /** Before a checkpoint: only a session with no decode due can be stored. */
  void requireNoDueDecodes() {
    if (!due.isEmpty()) {
      throw new IllegalStateException(due.size() + " decodes still due: run them before storing");
    }
  }

  SessionAudio audio() {
    return audio;
  }

  DecodeSchedule schedule() {
    return schedule;
  }

  CaptureTimes captureTimes() {
    return captureTimes;
  }

  SpeakerAttribution speakers() {
    return speakers;
  }

  SegmentPublisher publisher() {
    return publisher;
  }
}
