package io.captionflow.sink.session;

import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.sink.Events;
import java.util.ArrayList;
import java.util.List;

/**
 * A session of one or more runs as the job computes it, and what reaches the segments topic when
 * the job fails once and recovers: the events written before the failure, then everything from the
 * last checkpoint on recomputed, with every word time moved by -2..+2 frames of 80 ms, some words
 * recognised differently and the words cut into other segments. As the job does, each word goes out
 * as final words (one event per word) before the segment holding it; a recomputation resumes at the
 * start of a segment.
 *
 * @param runs the session's runs (0, 1, …), in order
 * @param crashPick picks how many of the originally computed events were written before the failure
 * @param checkpointPick picks the checkpoint, at or before the failure
 */
record RecoveryScenario(List<RecoveryScenario.RunScript> runs, int crashPick, int checkpointPick) {

  static final String SESSION = "s";
  private static final int FRAME_MS = 80;

  /**
   * One run's words on the frame grid, and how each computation saw them.
   *
   * @param frames each word's length in frames (5 or more: a jitter of 2 frames on each side cannot
   *     carry its middle across a neighbour's edge)
   * @param gaps frames of silence before each word (0: it starts where the previous word ends)
   * @param originalCuts a segment of the original computation ends after word i when true
   * @param recomputedCuts the same for the recomputation
   * @param jitter frames each word edge moved in the recomputation (start, end per word; an edge
   *     shared with the previous word moves with it, so recomputed words never overlap)
   * @param renamed the recomputation recognised word i as another word
   */
  record RunScript(
      List<Integer> frames,
      List<Integer> gaps,
      List<Boolean> originalCuts,
      List<Boolean> recomputedCuts,
      List<Integer> jitter,
      List<Boolean> renamed) {

    int size() {
      return frames.size();
    }

    List<Word> original(int run) {
      List<Word> words = new ArrayList<>();
      int at = 2; // leaves room for a word at the start to move earlier
      for (int k = 0; k < size(); k++) {
        at += gaps.get(k);
        words.add(Events.word("r" + run + "w" + k, seconds(at), seconds(at + frames.get(k))));
        at += frames.get(k);
      }
      return words;
    }

    List<Word> recomputed(int run) {
      List<Word> original = original(run);
      List<Word> words = new ArrayList<>();
      for (int k = 0; k < size(); k++) {
        Word w = original.get(k);
        words.add(
            Events.word(
                w.getText() + (renamed.get(k) ? "'" : ""),
                w.getStartSeconds() + seconds(startJitter(k)),
                w.getEndSeconds() + seconds(jitter.get(2 * k + 1))));
      }
      return words;
    }

    private int startJitter(int k) {
      return k > 0 && gaps.get(k) == 0 ? jitter.get(2 * k - 1) : jitter.get(2 * k);
    }

    /** Words from {@code from} on, cut into segments where {@code cuts} says. */
    static List<List<Word>> segments(List<Word> words, int from, List<Boolean> cuts) {
      List<List<Word>> segments = new ArrayList<>();
      List<Word> open = new ArrayList<>();
      for (int k = from; k < words.size(); k++) {
        open.add(words.get(k));
        if (cuts.get(k) || k == words.size() - 1) {
          segments.add(open);
          open = new ArrayList<>();
        }
      }
      return segments;
    }
  }

  /**
   * A written event, the word of its run a recomputation from just before it starts at, and how
   * many words of the run were out (as final words or in segments) once it was written.
   */
  private record Emitted(
      TranscriptEvent event, int run, int resumeWord, boolean isStart, int through) {}

  private static double seconds(int frames) {
    return frames * FRAME_MS / 1000.0;
  }

  private List<Emitted> originalEvents() {
    List<Emitted> out = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      RunScript script = runs.get(r);
      out.add(new Emitted(started(r), r, 0, true, 0));
      int word = 0;
      int sequence = 0;
      for (List<Word> s : RunScript.segments(script.original(r), 0, script.originalCuts())) {
        for (int k = 0; k < s.size(); k++) {
          TranscriptEvent words = Events.wordsOf(SESSION, r, sequence, List.of(s.get(k)));
          out.add(new Emitted(words, r, word, false, word + k + 1));
        }
        out.add(
            new Emitted(
                Events.finalOf(SESSION, r, sequence++, s), r, word, false, word + s.size()));
        word += s.size();
      }
      out.add(new Emitted(ended(r, script), r, script.size(), false, script.size()));
    }
    return out;
  }

  private int crashAt() {
    return crashPick % (originalEvents().size() + 1);
  }

  /** What the segments topic holds, in order: written before the failure, then recomputed. */
  List<TranscriptEvent> topic() {
    List<Emitted> original = originalEvents();
    int crash = crashAt();
    int checkpoint = checkpointPick % (crash + 1);
    List<TranscriptEvent> topic = new ArrayList<>();
    original.subList(0, crash).forEach(e -> topic.add(e.event()));
    if (checkpoint == original.size()) {
      return topic;
    }
    Emitted from = original.get(checkpoint);
    for (int r = from.run(); r < runs.size(); r++) {
      RunScript script = runs.get(r);
      boolean resumedRun = r == from.run();
      if (!resumedRun || from.isStart()) {
        topic.add(started(r));
      }
      int firstWord = resumedRun ? from.resumeWord() : 0;
      int sequence = 1000; // recomputed segments are numbered differently too
      for (List<Word> s :
          RunScript.segments(script.recomputed(r), firstWord, script.recomputedCuts())) {
        for (Word w : s) {
          topic.add(Events.wordsOf(SESSION, r, sequence, List.of(w)));
        }
        topic.add(Events.finalOf(SESSION, r, sequence++, s));
      }
      topic.add(ended(r, script));
    }
    return topic;
  }

  /**
   * The words a subscriber must see, run by run: those written before the failure, then the
   * recomputed ones that follow them.
   */
  List<List<Word>> expectedWordsByRun() {
    return expectedByRun(false);
  }

  /** The same for the final words ({@code words} messages): each word once, in order. */
  List<List<Word>> expectedFinalWordsByRun() {
    return expectedByRun(true);
  }

  private List<List<Word>> expectedByRun(boolean finalWords) {
    List<Emitted> written = originalEvents().subList(0, crashAt());
    int lastRun = written.isEmpty() ? -1 : written.get(written.size() - 1).run();
    int writtenWords = 0;
    for (Emitted e : written) {
      if (e.run() == lastRun && (finalWords || e.event().getEvent() instanceof SubtitleSegment)) {
        writtenWords = e.through();
      }
    }
    List<List<Word>> expected = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      RunScript script = runs.get(r);
      if (r < lastRun) {
        expected.add(script.original(r));
      } else if (r == lastRun) {
        List<Word> words = new ArrayList<>(script.original(r).subList(0, writtenWords));
        words.addAll(script.recomputed(r).subList(writtenWords, script.size()));
        expected.add(words);
      } else {
        expected.add(script.recomputed(r));
      }
    }
    return expected;
  }

  /** The topic in short, for failure messages: {@code 0:STARTED 0:[w@ms-ms …] …}. */
  static String describe(List<TranscriptEvent> topic) {
    StringBuilder b = new StringBuilder();
    for (TranscriptEvent e : topic) {
      b.append(b.isEmpty() ? "" : " ").append(e.getRun()).append(':');
      if (e.getEvent() instanceof SubtitleSegment s) {
        b.append('[');
        for (Word w : s.getWords()) {
          b.append(w.getText())
              .append('@')
              .append(Math.round(w.getStartSeconds() * 1000))
              .append('-')
              .append(Math.round(w.getEndSeconds() * 1000))
              .append(w == s.getWords().get(s.getWords().size() - 1) ? "" : " ");
        }
        b.append(']');
      } else if (e.getEvent() instanceof ConfirmedWords c) {
        b.append("words:")
            .append(
                String.join("/", c.getWords().stream().map(w -> w.getText().toString()).toList()));
      } else if (e.getEvent() instanceof SessionStatus status) {
        b.append(status.getState());
      }
    }
    return b.toString();
  }

  private static TranscriptEvent started(int run) {
    return Events.inRun(run, Events.status(SESSION, SessionState.STARTED, 0));
  }

  private static TranscriptEvent ended(int run, RunScript script) {
    List<Word> words = script.original(run);
    return Events.inRun(
        run,
        Events.status(SESSION, SessionState.ENDED, words.get(words.size() - 1).getEndSeconds()));
  }
}
