package io.captionflow.sink;

import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SpeechActivity;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.util.ArrayList;
import java.util.List;

/** Transcript events as the Flink job writes them, for tests. */
public final class Events {

  private Events() {}

  /**
   * A final segment of run 0 starting at {@code sequence * 4} s: id {@code session/0/<start ms>},
   * one word per space-separated token, 0.4 s per word (0.35 s long). Ten words at most, or it
   * overlaps the next sequence's audio and the sink takes the overlap for a repeat.
   */
  public static TranscriptEvent finalSegment(
      String session, long sequence, String text, Integer speaker) {
    return segment(
        session, session + "/0/" + sequence * 4000, sequence, text, speaker, true, sequence * 4.0);
  }

  public static TranscriptEvent partial(String session, long sequence, int revision, String text) {
    return segment(
        session,
        session + "/0/" + sequence * 4000 + "/p" + revision,
        sequence,
        text,
        null,
        false,
        sequence * 4.0);
  }

  /** A word with exact times, for {@link #finalOf} and {@link #partialOf}. */
  public static Word word(String text, double start, double end) {
    return Word.newBuilder()
        .setText(text)
        .setStartSeconds(start)
        .setEndSeconds(end)
        .setConfidence(0.9f)
        .setSpeaker(null)
        .build();
  }

  /** A final segment of {@code run} with exactly these words, id {@code session/run/<start ms>}. */
  public static TranscriptEvent finalOf(String session, long run, long sequence, List<Word> words) {
    return inRun(run, segmentOf(session, startId(session, run, words), sequence, true, words));
  }

  /** A partial of {@code run} with exactly these words, id {@code session/run/<start ms>/pN}. */
  public static TranscriptEvent partialOf(
      String session, long run, long sequence, int revision, List<Word> words) {
    return inRun(
        run,
        segmentOf(session, startId(session, run, words) + "/p" + revision, sequence, false, words));
  }

  private static String startId(String session, long run, List<Word> words) {
    return session + "/" + run + "/" + Math.round(words.get(0).getStartSeconds() * 1000);
  }

  private static TranscriptEvent segmentOf(
      String session, String id, long sequence, boolean isFinal, List<Word> words) {
    SubtitleSegment s =
        SubtitleSegment.newBuilder()
            .setSessionId(session)
            .setSegmentId(id)
            .setSequence(sequence)
            .setText(String.join(" ", words.stream().map(w -> w.getText().toString()).toList()))
            .setWords(words)
            .setSpeaker(null)
            .setSpeakerOverlap(false)
            .setStartSeconds(words.get(0).getStartSeconds())
            .setEndSeconds(words.get(words.size() - 1).getEndSeconds())
            .setIsFinal(isFinal)
            .setLanguage("en")
            .setCaptureTimeMillis(null)
            .setEmitTimeMillis(1000)
            .build();
    return wrap(session, s);
  }

  /** Final words of segment {@code sequence} of {@code run}, before that segment closes. */
  public static TranscriptEvent wordsOf(String session, long run, long sequence, List<Word> words) {
    return inRun(run, wrap(session, new ConfirmedWords(sequence, words, "en", null, 1000L)));
  }

  /**
   * Final words of {@link #finalSegment}'s segment {@code sequence}: its words {@code from} on,
   * with the same times, as the job sends them before the segment closes.
   */
  public static TranscriptEvent finalWords(
      String session, long sequence, int from, String text, Integer speaker) {
    List<Word> words = new ArrayList<>();
    double t = sequence * 4.0 + from * 0.4;
    for (String w : text.split(" ")) {
      words.add(
          Word.newBuilder()
              .setText(w)
              .setStartSeconds(t)
              .setEndSeconds(t + 0.35)
              .setConfidence(0.9f)
              .setSpeaker(speaker)
              .build());
      t += 0.4;
    }
    return wrap(
        session, new ConfirmedWords(sequence, words, "en", null, System.currentTimeMillis()));
  }

  /** The same event, as written by run {@code run} of its session. */
  public static TranscriptEvent inRun(long run, TranscriptEvent event) {
    return TranscriptEvent.newBuilder(event).setRun(run).build();
  }

  public static TranscriptEvent segment(
      String session,
      String id,
      long sequence,
      String text,
      Integer speaker,
      boolean isFinal,
      double start) {
    List<Word> words = new ArrayList<>();
    double t = start;
    for (String w : text.split(" ")) {
      words.add(
          Word.newBuilder()
              .setText(w)
              .setStartSeconds(t)
              .setEndSeconds(t + 0.35)
              .setConfidence(0.9f)
              .setSpeaker(speaker)
              .build());
      t += 0.4;
    }
    SubtitleSegment s =
        SubtitleSegment.newBuilder()
            .setSessionId(session)
            .setSegmentId(id)
            .setSequence(sequence)
            .setText(text)
            .setWords(words)
            .setSpeaker(speaker)
            .setSpeakerOverlap(false)
            .setStartSeconds(start)
            .setEndSeconds(t - 0.05)
            .setIsFinal(isFinal)
            .setLanguage("en")
            .setCaptureTimeMillis(null)
            .setEmitTimeMillis(System.currentTimeMillis())
            .build();
    return wrap(session, s);
  }

  /**
   * An enhanced segment of {@code run} with exactly these words, numbered {@code sequence} within
   * the run's enhanced transcript.
   */
  public static TranscriptEvent enhancedOf(
      String session, long run, long sequence, List<Word> words) {
    EnhancedSegment s =
        EnhancedSegment.newBuilder()
            .setSequence(sequence)
            .setText(String.join(" ", words.stream().map(w -> w.getText().toString()).toList()))
            .setWords(words)
            .setSpeaker(words.isEmpty() ? null : words.get(0).getSpeaker())
            .setSpeakerOverlap(false)
            .setStartSeconds(words.isEmpty() ? 0 : words.get(0).getStartSeconds())
            .setEndSeconds(words.isEmpty() ? 0 : words.get(words.size() - 1).getEndSeconds())
            .setLanguage("en")
            .setEmitTimeMillis(2000)
            .build();
    return inRun(run, wrap(session, s));
  }

  /**
   * An enhanced segment of run 0 laid out as {@link #finalSegment} lays out live ones: starting at
   * {@code sequence * 4} s, 0.4 s per word (0.35 s long).
   */
  public static TranscriptEvent enhancedSegment(
      String session, long sequence, String text, Integer speaker) {
    List<Word> words = new ArrayList<>();
    double t = sequence * 4.0;
    for (String w : text.split(" ")) {
      words.add(
          Word.newBuilder()
              .setText(w)
              .setStartSeconds(t)
              .setEndSeconds(t + 0.35)
              .setConfidence(0.95f)
              .setSpeaker(speaker)
              .build());
      t += 0.4;
    }
    return enhancedOf(session, 0, sequence, words);
  }

  public static TranscriptEvent speech(String session, boolean speaking, double at) {
    return wrap(
        session, SpeechActivity.newBuilder().setSpeaking(speaking).setAtSeconds(at).build());
  }

  public static TranscriptEvent status(String session, SessionState state, double at) {
    return wrap(
        session,
        SessionStatus.newBuilder()
            .setState(state)
            .setLanguage("en")
            .setReason(null)
            .setAtSeconds(at)
            .build());
  }

  private static TranscriptEvent wrap(String session, Object payload) {
    return TranscriptEvent.newBuilder()
        .setSessionId(session)
        .setEvent(payload)
        .setEmitTimeMillis(System.currentTimeMillis())
        .build();
  }
}
