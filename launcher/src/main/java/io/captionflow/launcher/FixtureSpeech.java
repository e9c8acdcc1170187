package io.captionflow.launcher;

import io.captionflow.asr.TimedWord;
import io.captionflow.fixtures.asr.ScheduledSpeech;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import java.util.ArrayList;
import java.util.List;

/** Synthetic speech in the fixture model's tone language, with the transcript it must produce. */
public record FixtureSpeech(float[] audio, List<TimedWord> expectedWords) {

  static final double WORD_SECONDS = 0.32;
  static final double GAP_SECONDS = 0.16;

  /** Two sentences with a pause between them, so the session has more than one segment. */
  public static FixtureSpeech twoSentences(ToneLanguage language) {
    List<ScheduledWord> schedule =
        new ArrayList<>(
            language.sentence("hello world live captions", 0.40, WORD_SECONDS, GAP_SECONDS));
    schedule.addAll(language.sentence("for every stream", 3.20, WORD_SECONDS, GAP_SECONDS));
    return new FixtureSpeech(language.synthesize(schedule, 5.60), language.expectedWords(schedule));
  }

  /** {@code seconds} of phrases with pauses (stream-bench's session): enough words for p95. */
  public static FixtureSpeech phrases(ToneLanguage language, double seconds) {
    List<ScheduledWord> schedule = ScheduledSpeech.fixtureSchedule(language, seconds);
    return new FixtureSpeech(
        language.synthesize(schedule, seconds), language.expectedWords(schedule));
  }

  public double seconds() {
    return audio.length / (double) ToneLanguage.SAMPLE_RATE;
  }

  public String expectedText() {
    return String.join(" ", expectedWords.stream().map(TimedWord::text).toList());
  }
}
