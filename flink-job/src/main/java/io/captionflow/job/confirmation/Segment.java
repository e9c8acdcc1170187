package io.captionflow.job.confirmation;

import java.util.List;
import java.util.stream.Collectors;

/** A closed run of confirmed words, numbered from 0 within the session. */
public record Segment(long sequence, List<ConfirmedWord> words) {

  public Segment {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("a segment needs at least one word");
    }
    words = List.copyOf(words);
  }

  public String text() {
    return words.stream().map(ConfirmedWord::text).collect(Collectors.joining(" "));
  }

  public double startSeconds() {
    return words.get(0).startSeconds();
  }

  public double endSeconds() {
    return words.get(words.size() - 1).endSeconds();
  }

  /**
   * The speaker of the segment's first word (finals have one speaker); null without diarization.
   */
  public Integer speaker() {
    return words.get(0).speaker();
  }

  /** Another speaker talked over one of its words. */
  public boolean speakerOverlap() {
    return words.stream().anyMatch(ConfirmedWord::speakerOverlap);
  }
}
