package io.captionflow.sink;

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
   * A final segment: id {@code session/sequence}, one word per space-separated token, 0.4 s per
   * word.
   */
  public static TranscriptEvent finalSegment(
      String session, long sequence, String text, Integer speaker) {
    return segment(
        session, session + "/" + sequence, sequence, text, speaker, true, sequence * 4.0);
  }

  public static TranscriptEvent partial(String session, long sequence, int revision, String text) {
    return segment(
        session,
        session + "/" + sequence + "/p" + revision,
        sequence,
        text,
        null,
        false,
        sequence * 4.0);
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
