package io.captionflow.sink.session;

import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;

/**
 * The live transcript against the enhanced one over the audio both cover: word errors of the live
 * words (hypothesis) against the enhanced words (reference), a quality signal that needs no human
 * reference. Words count where their middle lies in {@code [fromSeconds, toSeconds]}.
 *
 * @param fromSeconds start of the compared audio: where the sink's live history of the run begins
 *     (0 unless older segments fell out of the bounded history or predate the lookback)
 * @param toSeconds end of the compared audio: the run's end, or where a truncated enhanced
 *     transcript stops
 * @param wholeTranscript every enhanced word lies in the compared range
 * @param liveWords live words in the range
 * @param alignment enhanced (reference) against live, summed over pieces between shared pauses
 *     ({@link TimedWordAlignment}); {@code referenceWords} is the enhanced words in the range
 */
public record TranscriptComparison(
    double fromSeconds,
    double toSeconds,
    boolean wholeTranscript,
    int liveWords,
    WordAlignment alignment) {

  public TranscriptComparison {
    if (!(fromSeconds <= toSeconds)) {
      throw new IllegalArgumentException(
          "compared range must not end before it starts: " + fromSeconds + ".." + toSeconds);
    }
  }

  static TranscriptComparison over(
      List<CaptionWord> enhanced, List<CaptionWord> live, double fromSeconds, double toSeconds) {
    List<CaptionWord> enhancedIn = within(enhanced, fromSeconds, toSeconds);
    List<CaptionWord> liveIn = within(live, fromSeconds, toSeconds);
    return new TranscriptComparison(
        fromSeconds,
        toSeconds,
        enhancedIn.size() == enhanced.size(),
        liveIn.size(),
        TimedWordAlignment.of(enhancedIn, liveIn));
  }

  private static List<CaptionWord> within(List<CaptionWord> words, double from, double to) {
    return words.stream()
        .filter(w -> w.middleSeconds() >= from && w.middleSeconds() <= to)
        .toList();
  }
}
