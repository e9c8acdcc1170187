package io.captionflow.job.session;

import io.captionflow.diarization.streaming.SessionDiarizer;
import io.captionflow.diarization.timeline.SpeakerAssignment;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.inference.Diarization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Diarized sessions: the session's diarizer hears every sample, and a confirmed word waits until
 * the diarizer's activities cover its end (at most {@link #MAX_SPEAKER_WAIT_SECONDS}), then takes
 * the speaker most active over it. A session restored where no diarization model is usable keeps
 * its stored diarizer state dormant and goes on without speakers, saying why once.
 */
final class SpeakerAttribution {

  /**
   * A confirmed word waits at most this long (audio behind the clock) for the diarizer; then it
   * goes out unattributed.
   */
  static final double MAX_SPEAKER_WAIT_SECONDS = 15.0;

  /** Null: the session is not diarized (or its diarization was lost). */
  private final SessionDiarizer diarizer;

  private final List<ConfirmedWord> awaiting;

  /** Why a diarized session restored here goes on without speakers; null once said. */
  private String lost;

  /**
   * The stored diarizer state while the loss is not yet effective (no audio since the restore):
   * kept in checkpoints.
   */
  private SessionDiarizer.State dormant;

  private SpeakerAttribution(
      SessionDiarizer diarizer,
      List<ConfirmedWord> awaiting,
      String lost,
      SessionDiarizer.State dormant) {
    this.diarizer = diarizer;
    this.awaiting = new ArrayList<>(awaiting);
    this.lost = lost;
    this.dormant = dormant;
  }

  /** A session without speakers. */
  static SpeakerAttribution none() {
    return new SpeakerAttribution(null, List.of(), null, null);
  }

  /** A session starting with {@code settings}: diarized when they ask for speakers. */
  static SpeakerAttribution starting(SessionSettings settings, Diarization diarization) {
    return settings.diarization()
        ? new SpeakerAttribution(
            new SessionDiarizer(diarization.diarizer(), settings.maxSpeakers()),
            List.of(),
            null,
            null)
        : none();
  }

  /** A diarized session's stored state, continued where a diarization model is usable. */
  static SpeakerAttribution restored(
      SessionDiarizer.State stored,
      List<ConfirmedWord> awaiting,
      Diarization diarization,
      int maxSpeakers) {
    Optional<String> unavailable = diarization.refusal(true, maxSpeakers);
    if (unavailable.isEmpty()) {
      return new SpeakerAttribution(
          SessionDiarizer.restore(diarization.diarizer(), stored), awaiting, null, null);
    }
    return new SpeakerAttribution(
        null,
        awaiting,
        "diarization unavailable after recovery ("
            + unavailable.get()
            + "): speakers are omitted from here on",
        stored);
  }

  /** Whether a diarizer runs: its attribution reads it, so decodes must not run ahead of it. */
  boolean diarized() {
    return diarizer != null;
  }

  /** Feeds {@code length} samples from {@code offset} (silence when {@code samples} is null). */
  void hear(float[] samples, int offset, long length, SessionOutput out) {
    if (diarizer == null) {
      return;
    }
    long t0 = System.nanoTime();
    diarizer.accept(
        samples == null
            ? new float[(int) length]
            : Arrays.copyOfRange(samples, offset, (int) (offset + length)));
    out.diarized(length, System.nanoTime() - t0);
  }

  /** The end of the audio: the last frames, so every word still waiting gets its speaker. */
  void flush(SessionOutput out) {
    if (diarizer != null) {
      long t0 = System.nanoTime();
      diarizer.flush();
      out.diarized(0, System.nanoTime() - t0);
    }
  }

  /**
   * Queues the newly confirmed words and returns those (in order) whose speaker is known now — the
   * diarizer's activities reach their end — each with the speaker most active over it. Words
   * waiting longer than {@link #MAX_SPEAKER_WAIT_SECONDS} go out without a speaker rather than hold
   * the session back. Sessions without a diarizer get their words back at once.
   */
  List<ConfirmedWord> attribute(List<ConfirmedWord> confirmed, double now) {
    if (diarizer == null) {
      return confirmed;
    }
    awaiting.addAll(confirmed);
    List<ConfirmedWord> ready = new ArrayList<>();
    while (!awaiting.isEmpty()) {
      ConfirmedWord w = awaiting.get(0);
      Optional<SpeakerAssignment> a = diarizer.assign(w.startSeconds(), w.endSeconds());
      if (a.isPresent()) {
        ready.add(w.withSpeaker(a.get().speaker(), a.get().overlap()));
      } else if (now - w.endSeconds() > MAX_SPEAKER_WAIT_SECONDS) {
        ready.add(w);
      } else {
        break;
      }
      awaiting.remove(0);
    }
    if (!ready.isEmpty()) {
      // later words start after this one's start: older activities are no longer needed
      diarizer.confirmBefore(ready.get(ready.size() - 1).startSeconds());
    }
    return ready;
  }

  /** Confirmed words still waiting for their speaker, in order. */
  List<ConfirmedWord> awaiting() {
    return List.copyOf(awaiting);
  }

  /** Why the session's diarization was lost in a restore, until {@link #giveUp} says it. */
  Optional<String> lostReason() {
    return Optional.ofNullable(lost);
  }

  /**
   * The loss becomes effective: returns the words waiting for a speaker (they go out without one)
   * and drops the stored state, since from here the diarizer would miss audio and its numbering
   * could not resume.
   */
  List<ConfirmedWord> giveUp() {
    List<ConfirmedWord> words = List.copyOf(awaiting);
    awaiting.clear();
    lost = null;
    dormant = null;
    return words;
  }

  /** What a checkpoint keeps of the diarizer (running or dormant); null when there is none. */
  SessionDiarizer.State storedState() {
    return diarizer != null ? diarizer.state() : dormant;
  }
}
