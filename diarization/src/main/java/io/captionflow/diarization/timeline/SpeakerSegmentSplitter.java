package io.captionflow.diarization.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Splits a run of speaker-attributed words into consecutive segments, one per speaker change. */
public final class SpeakerSegmentSplitter {

  private SpeakerSegmentSplitter() {}

  /**
   * Consecutive words of one speaker.
   *
   * @param speaker the speaker of every word in it
   * @param overlap whether any of its words was overlapped by another speaker
   */
  public record SpeakerRun<W>(int speaker, boolean overlap, List<W> words) {}

  /** Splits {@code words} (in time order) wherever the assigned speaker changes. */
  public static <W> List<SpeakerRun<W>> split(
      List<W> words, Function<W, SpeakerAssignment> assignment) {
    List<SpeakerRun<W>> runs = new ArrayList<>();
    List<W> current = new ArrayList<>();
    int speaker = -1;
    boolean overlap = false;
    for (W word : words) {
      SpeakerAssignment a = assignment.apply(word);
      if (!current.isEmpty() && a.speaker() != speaker) {
        runs.add(new SpeakerRun<>(speaker, overlap, List.copyOf(current)));
        current.clear();
        overlap = false;
      }
      speaker = a.speaker();
      overlap |= a.overlap();
      current.add(word);
    }
    if (!current.isEmpty()) {
      runs.add(new SpeakerRun<>(speaker, overlap, List.copyOf(current)));
    }
    return runs;
  }
}
