package io.captionflow.job.session;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.schema.SessionState;
import java.util.ArrayList;
import java.util.List;

/** Collects what a session emits, for assertions. */
final class RecordingOutput implements SessionOutput {

  record Emitted(
      Segment segment, boolean isFinal, int revision, String language, double audioNow) {}

  /** One ConfirmedWords emission: the segment it belongs to, its words, the audio clock. */
  record FinalWords(long sequence, List<ConfirmedWord> words, double audioNow) {}

  final List<Emitted> segments = new ArrayList<>();
  final List<FinalWords> finalWordEvents = new ArrayList<>();
  final List<ConfirmedWord> confirmedWords = new ArrayList<>();
  final List<Double> confirmedAt = new ArrayList<>();

  /** Final words and final segments in emission order: "words N: a b", "segment N: a b". */
  final List<String> finalOrder = new ArrayList<>();

  /** Each segment's and each ConfirmedWords emission's capture time, in emission order. */
  final List<Long> captureTimes = new ArrayList<>();

  final List<String> statuses = new ArrayList<>();
  final List<String> activity = new ArrayList<>();
  final List<ChunkSequencer.Gap> gaps = new ArrayList<>();
  final List<String> diarizationLost = new ArrayList<>();
  long encodedSamples;
  int decodes;

  @Override
  public void segment(
      Segment segment,
      boolean isFinal,
      int revision,
      String language,
      Long captureTimeMillis,
      double audioNowSeconds) {
    segments.add(new Emitted(segment, isFinal, revision, language, audioNowSeconds));
    captureTimes.add(captureTimeMillis);
    if (isFinal) {
      finalOrder.add("segment " + segment.sequence() + ": " + segment.text());
    }
  }

  @Override
  public void confirmed(List<ConfirmedWord> words, double audioNowSeconds) {
    confirmedWords.addAll(words);
    words.forEach(w -> confirmedAt.add(audioNowSeconds));
  }

  @Override
  public void words(
      long sequence,
      List<ConfirmedWord> words,
      String language,
      Long captureTimeMillis,
      double audioNowSeconds) {
    finalWordEvents.add(new FinalWords(sequence, words, audioNowSeconds));
    captureTimes.add(captureTimeMillis);
    finalOrder.add(
        "words "
            + sequence
            + ": "
            + String.join(" ", words.stream().map(ConfirmedWord::text).toList()));
  }

  @Override
  public void activity(boolean speaking, double atSeconds) {
    activity.add((speaking ? "speech@" : "quiet@") + atSeconds);
  }

  @Override
  public void status(SessionState state, String reason, String language, double atSeconds) {
    statuses.add(state + (reason == null ? "" : ": " + reason));
  }

  @Override
  public void decoded(long encodedSamples, long nanos) {
    this.encodedSamples += encodedSamples;
    decodes++;
  }

  @Override
  public void diarizationLost(String reason) {
    diarizationLost.add(reason);
  }

  @Override
  public void gapFilled(ChunkSequencer.Gap gap) {
    gaps.add(gap);
  }

  List<Segment> finals() {
    return segments.stream().filter(Emitted::isFinal).map(Emitted::segment).toList();
  }

  List<ConfirmedWord> finalWords() {
    return finals().stream().flatMap(s -> s.words().stream()).toList();
  }

  /** Words as "text@start-end" for exact comparisons. */
  List<String> finalWordTimes() {
    return times(finalWords());
  }

  /** The words of every ConfirmedWords emission, in order, as "text@start-end". */
  List<String> emittedWordTimes() {
    return times(finalWordEvents.stream().flatMap(e -> e.words().stream()).toList());
  }

  static List<String> times(List<ConfirmedWord> words) {
    return words.stream()
        .map(w -> w.text() + "@" + round(w.startSeconds()) + "-" + round(w.endSeconds()))
        .toList();
  }

  static String round(double s) {
    return String.format(java.util.Locale.ROOT, "%.2f", s);
  }
}
