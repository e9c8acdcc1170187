package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.LongFormTranscriber;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.fixture.SpeakerToneAudio;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The whole-recording transcript on both fixture models. */
class RunTranscriberTest {

  static final RunSettings PLAIN = RunSettings.defaults("test");
  static final RunSettings TWO_SPEAKERS = new RunSettings(null, true, true, 2, "test");

  static RunAudio audio(float[] samples) {
    return new RunAudio(samples, 1, 0, 0, true);
  }

  static String word(ConfirmedWord w) {
    return String.format(
            Locale.ROOT, "%s@%.2f-%.2f/%s", w.text(), w.startSeconds(), w.endSeconds(), w.speaker())
        + (w.speakerOverlap() ? "*" : "");
  }

  static String segment(Segment s) {
    return s.speaker() + (s.speakerOverlap() ? "*" : "") + ": " + s.text();
  }

  @Test
  void theWordsAreTheLongFormTranscriptOfTheRecordingCutIntoTheLiveJobsSegments() {
    try (ParakeetRecognizer recognizer = FixtureAudio.loadRecognizer()) {
      List<Segment> segments =
          RunTranscriber.transcribe(audio(FixtureAudio.audio()), recognizer, null, PLAIN);
      List<String> words =
          segments.stream()
              .flatMap(s -> s.words().stream())
              .map(w -> FixtureAudio.format(w.text(), w.startSeconds(), w.endSeconds()))
              .toList();
      assertEquals(FixtureAudio.expectedWordTimes(), words);
      assertEquals(
          LongFormTranscriber.transcribe(recognizer, FixtureAudio.audio()).words().stream()
              .map(FixtureAudio::format)
              .toList(),
          words);
      // the script's four phrases, each closed by the pause after it
      assertEquals(
          List.of(
              "hello world live captions",
              "for every stream",
              "no words from live captions",
              "hello stream"),
          segments.stream().map(Segment::text).toList());
      assertEquals(List.of(0L, 1L, 2L, 3L), segments.stream().map(Segment::sequence).toList());
      segments.forEach(s -> assertEquals(null, s.speaker()));
    }
  }

  @Test
  void aDiarizedRunGivesEachWordTheSpeakerMostActiveOverItAndSplitsAtEachChange() {
    try (ParakeetRecognizer recognizer = FixtureAudio.loadRecognizer();
        SortformerModel sortformer =
            SortformerModel.load(SortformerConfig.of(SpeakerToneAudio.sortformerModel()))) {
      List<Segment> segments =
          RunTranscriber.transcribe(
              audio(SpeakerToneAudio.audio()),
              recognizer,
              new StreamingDiarizer(sortformer),
              TWO_SPEAKERS);
      assertEquals(
          SpeakerToneAudio.EXPECTED_WORDS,
          segments.stream()
              .flatMap(s -> s.words().stream())
              .map(RunTranscriberTest::word)
              .toList());
      assertEquals(
          SpeakerToneAudio.EXPECTED_SEGMENTS,
          segments.stream().map(RunTranscriberTest::segment).toList());
    }
  }

  @Test
  void aRunAskingForSpeakersIsNeverTranscribedWithoutThem() {
    try (ParakeetRecognizer recognizer = FixtureAudio.loadRecognizer()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  RunTranscriber.transcribe(
                      audio(SpeakerToneAudio.audio()), recognizer, null, TWO_SPEAKERS));
      assertEquals("the run asked for speakers and no diarization model is loaded", e.getMessage());
    }
  }
}
