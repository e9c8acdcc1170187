package io.captionflow.job.confirmation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects confirmed words into segments. A segment closes at a pause (a gap between words, or
 * silence after the last word), after sentence punctuation, at a maximum length — all measured in
 * audio time — and before a word of another speaker (diarized sessions), so every segment has one
 * speaker.
 */
public final class Segmenter {

  /** Segment limits; {@code closeAtPunctuation} false keeps a pause-delimited phrase whole. */
  public record Rules(
      double pauseGapSeconds, int maxWords, double maxSeconds, boolean closeAtPunctuation) {
    public static final Rules DEFAULT = new Rules(0.5, 16, 8.0, true);
  }

  private final Rules rules;
  private long nextSequence;
  private final List<ConfirmedWord> open = new ArrayList<>();

  public Segmenter(Rules rules) {
    this.rules = rules;
  }

  /** The number the next closed segment will carry (partials carry it too). */
  public long nextSequence() {
    return nextSequence;
  }

  public List<ConfirmedWord> openWords() {
    return List.copyOf(open);
  }

  /** Adds confirmed words in order; returns the segments they closed. */
  public List<Segment> add(List<ConfirmedWord> words) {
    List<Segment> closed = new ArrayList<>();
    for (ConfirmedWord w : words) {
      if (!open.isEmpty()
          && (w.startSeconds() - lastEnd() >= rules.pauseGapSeconds()
              || !java.util.Objects.equals(w.speaker(), open.get(open.size() - 1).speaker()))) {
        closed.add(close());
      }
      open.add(w);
      boolean sentenceEnd =
          rules.closeAtPunctuation() && w.text().matches(".*[.?!\u3002\uff1f\uff01]$");
      boolean tooLong =
          open.size() >= rules.maxWords()
              || w.endSeconds() - open.get(0).startSeconds() >= rules.maxSeconds();
      if (sentenceEnd || tooLong) {
        closed.add(close());
      }
    }
    return closed;
  }

  /**
   * Closes the open segment when nothing is pending and the audio has been quiet long enough after
   * it.
   */
  public Optional<Segment> closeIfQuiet(double quietSince, double audioNow) {
    if (open.isEmpty() || audioNow - Math.max(quietSince, lastEnd()) < rules.pauseGapSeconds()) {
      return Optional.empty();
    }
    return Optional.of(close());
  }

  /** End of stream: closes whatever is open. */
  public Optional<Segment> flush() {
    return open.isEmpty() ? Optional.empty() : Optional.of(close());
  }

  private double lastEnd() {
    return open.get(open.size() - 1).endSeconds();
  }

  private Segment close() {
    Segment s = new Segment(nextSequence++, open);
    open.clear();
    return s;
  }

  public void write(DataOutput out) throws IOException {
    out.writeLong(nextSequence);
    TokenIO.writeWords(out, open);
  }

  public static Segmenter read(DataInput in, Rules rules, boolean withSpeakers) throws IOException {
    Segmenter s = new Segmenter(rules);
    s.nextSequence = in.readLong();
    s.open.addAll(TokenIO.readWords(in, withSpeakers));
    return s;
  }
}
