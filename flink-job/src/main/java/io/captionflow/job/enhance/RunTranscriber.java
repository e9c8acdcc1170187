package io.captionflow.job.enhance;

import io.captionflow.asr.LongFormTranscriber;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.TimedWord;
import io.captionflow.asr.Transcript;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.confirmation.Segmenter;
import java.util.ArrayList;
import java.util.List;

/**
 * The enhanced transcript of a whole recording: diarized first when the run asked for speakers (on
 * the samples as the live diarizer heard them), then rounded to 16 bits as the live recognizer
 * heard them and decoded at full context by {@link LongFormTranscriber}, each word given its
 * speaker, and cut into segments by the live job's {@link Segmenter} rules.
 */
public final class RunTranscriber {

  private RunTranscriber() {}

  /**
   * {@code diarizer} is used only when {@code settings} asks for speakers (then it must not be
   * null). Rounds {@code audio}'s samples in place.
   */
  public static List<Segment> transcribe(
      RunAudio audio,
      SpeechRecognizer recognizer,
      StreamingDiarizer diarizer,
      RunSettings settings) {
    RecordingSpeakers speakers = null;
    if (settings.diarization()) {
      if (diarizer == null) {
        throw new IllegalStateException(
            "the run asked for speakers and no diarization model is loaded");
      }
      speakers = RecordingSpeakers.of(diarizer, audio.samples(), settings.maxSpeakers());
    }
    audio.roundToPcm16();
    List<ConfirmedWord> words = words(LongFormTranscriber.transcribe(recognizer, audio.samples()));
    if (speakers != null) {
      words = speakers.attribute(words);
    }
    return segments(words, settings.segmentRules());
  }

  static List<ConfirmedWord> words(Transcript transcript) {
    List<ConfirmedWord> words = new ArrayList<>(transcript.words().size());
    for (TimedWord w : transcript.words()) {
      words.add(new ConfirmedWord(w.text(), w.startSeconds(), w.endSeconds(), w.confidence()));
    }
    return words;
  }

  /** All words are final at once: a segment closes at a pause, punctuation, length or speaker. */
  static List<Segment> segments(List<ConfirmedWord> words, Segmenter.Rules rules) {
    Segmenter segmenter = new Segmenter(rules);
    List<Segment> segments = new ArrayList<>(segmenter.add(words));
    segmenter.flush().ifPresent(segments::add);
    return segments;
  }
}
