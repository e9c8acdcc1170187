package io.captionflow.job.session;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.confirmation.Segmenter;
import io.captionflow.job.confirmation.TokenConfirmer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a session shows: each decode's confirmation decision becomes final words (with their
 * speakers), segments closed at pauses, punctuation, speaker changes or length, and partial
 * segments of what is not final yet.
 */
final class SegmentPublisher {

  private final boolean partials;
  private final Segmenter segmenter;
  private final CaptureTimes captureTimes;
  private final SpeakerAttribution speakers;
  private SessionSettings settings;
  private TokenConfirmer confirmer;
  private long partialSequence;
  private int partialRevision;
  private String lastPartialText;

  SegmentPublisher(
      boolean partials,
      SessionSettings settings,
      TokenConfirmer confirmer,
      Segmenter segmenter,
      CaptureTimes captureTimes,
      SpeakerAttribution speakers,
      long partialSequence,
      int partialRevision,
      String lastPartialText) {
    this.partials = partials;
    this.settings = settings;
    this.confirmer = confirmer;
    this.segmenter = segmenter;
    this.captureTimes = captureTimes;
    this.speakers = speakers;
    this.partialSequence = partialSequence;
    this.partialRevision = partialRevision;
    this.lastPartialText = lastPartialText;
  }

  /** A session's publisher as it starts with {@code settings}. */
  static SegmentPublisher starting(
      boolean partials,
      SessionSettings settings,
      CaptureTimes captureTimes,
      SpeakerAttribution speakers) {
    return new SegmentPublisher(
        partials,
        settings,
        new TokenConfirmer(settings.agreement()),
        new Segmenter(segmentRules(settings)),
        captureTimes,
        speakers,
        -1,
        0,
        "");
  }

  static Segmenter.Rules segmentRules(SessionSettings s) {
    Segmenter.Rules d = Segmenter.Rules.DEFAULT;
    return new Segmenter.Rules(
        d.pauseGapSeconds(), d.maxWords(), d.maxSeconds(), s.mode() != LatencyMode.PAUSE_BASED);
  }

  /** New settings mid-session: confirmation starts afresh, the open segment goes on. */
  void restart(SessionSettings next) {
    settings = next;
    confirmer = new TokenConfirmer(next.agreement());
  }

  TokenConfirmer confirmer() {
    return confirmer;
  }

  /** Publishes a decode's decision taken when the audio reached {@code nowSample}. */
  void publish(TokenConfirmer.Decision d, long nowSample, SessionOutput out) {
    double now = SessionAudio.seconds(nowSample);
    if (d.revised() + d.forcedOut() + d.droppedAtEdge() > 0) {
      out.churn(settings.mode(), d.revised(), d.forcedOut(), d.droppedAtEdge());
    }
    if (!d.confirmed().isEmpty()) {
      out.confirmed(d.confirmed(), now);
    }
    addFinalWords(speakers.attribute(d.confirmed(), now), now, out);
    if (d.pending().isEmpty() && speakers.awaiting().isEmpty()) {
      segmenter
          .closeIfQuiet(confirmer.confirmedEndSeconds(), now)
          .ifPresent(s -> emitFinal(s, now, out));
    }
    if (partials) {
      publishPartial(d, now, out);
    }
  }

  /** The open segment with what is not final yet, when its text changed. */
  private void publishPartial(TokenConfirmer.Decision d, double now, SessionOutput out) {
    List<ConfirmedWord> words = new ArrayList<>(segmenter.openWords());
    words.addAll(speakers.awaiting());
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
          captureTimes.at(partial.endSeconds(), now),
          now);
    }
  }

  /**
   * Adds final words to the segmenter in order; each segment's words go out as they become final,
   * before the segment that holds them closes, so a client sees words, then their segment.
   */
  void addFinalWords(List<ConfirmedWord> words, double now, SessionOutput out) {
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

  /** Closes the open segment, if any, as final. */
  void closeOpenSegment(double now, SessionOutput out) {
    segmenter.flush().ifPresent(s -> emitFinal(s, now, out));
  }

  private void emitWords(long sequence, List<ConfirmedWord> batch, double now, SessionOutput out) {
    if (batch.isEmpty()) {
      return;
    }
    double end = batch.get(batch.size() - 1).endSeconds();
    out.words(sequence, List.copyOf(batch), settings.language(), captureTimes.at(end, now), now);
    batch.clear();
  }

  private void emitFinal(Segment s, double now, SessionOutput out) {
    out.segment(s, true, 0, settings.language(), captureTimes.at(s.endSeconds(), now), now);
  }

  Segmenter segmenter() {
    return segmenter;
  }

  long partialSequence() {
    return partialSequence;
  }

  int partialRevision() {
    return partialRevision;
  }

  String lastPartialText() {
    return lastPartialText;
  }
}
