package io.captionflow.launcher.load;

import io.captionflow.asr.TimedWord;
import io.captionflow.fixtures.asr.NullRecognizer;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The speech every load session streams: phrases of {@value #WORDS_PER_PHRASE} words, one phrase
 * every {@value #PHRASE_PERIOD_SECONDS} s, so each phrase is one segment (the pause between phrases
 * closes it) and the counts of words and segments per session are known exactly. Rendered as {@link
 * NullRecognizer} markers (recognizers {@code null} and {@code synthetic}) or as tone-language
 * words (the fixture model).
 *
 * @param audio 16 kHz mono
 * @param words what the job must confirm, in order, with exact times
 * @param phrases how many phrases, so how many final segments
 */
public record LoadSpeech(float[] audio, List<TimedWord> words, int phrases) {

  public static final int WORDS_PER_PHRASE = 3;
  public static final double PHRASE_PERIOD_SECONDS = 2.0;

  /**
   * Words start on a 0.4 s grid, every decode point of the default mode (speedy, 0.2 s): the first
   * decode after a word's start holds its first 0.2 s, which every recognizer hears. Not earlier
   * than 0.8 s: the fixture model ignores a tone that fills over 30% of a window.
   */
  static final double FIRST_WORD_SECONDS = 0.8;

  static final double WORD_STEP_SECONDS = 0.4;
  static final double SOUND_SECONDS = 0.32;

  /** Audio after the last phrase, so its words are not left to the end-of-stream flush alone. */
  static final double TAIL_SECONDS = 0.4;

  private static final int SAMPLE_RATE = ToneLanguage.SAMPLE_RATE;

  /** The shortest session that holds one phrase. */
  public static final double MIN_SECONDS =
      FIRST_WORD_SECONDS
          + (WORDS_PER_PHRASE - 1) * WORD_STEP_SECONDS
          + SOUND_SECONDS
          + TAIL_SECONDS;

  /** {@code seconds} of marker speech over silence. */
  public static LoadSpeech markers(double seconds) {
    List<Double> starts = wordStarts(seconds);
    float[] audio = new float[samples(seconds)];
    List<TimedWord> words = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int word = k % NullRecognizer.WORDS.size();
      int start = (int) Math.round(starts.get(k) * SAMPLE_RATE);
      NullRecognizer.writeMarker(audio, start, word);
      words.add(
          new TimedWord(
              NullRecognizer.WORDS.get(word),
              starts.get(k),
              starts.get(k) + NullRecognizer.MARKER_FRAMES * NullRecognizer.FRAME_SECONDS,
              Float.NaN));
    }
    return new LoadSpeech(audio, List.copyOf(words), starts.size() / WORDS_PER_PHRASE);
  }

  /** {@code seconds} of tone-language words (the fixture model's), the vocabulary in turn. */
  public static LoadSpeech tones(ToneLanguage language, double seconds) {
    List<Double> starts = wordStarts(seconds);
    List<ToneLanguage.ToneWord> vocabulary = language.words();
    List<ScheduledWord> schedule = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      schedule.add(
          new ScheduledWord(
              vocabulary.get(k % vocabulary.size()).text(), starts.get(k), SOUND_SECONDS));
    }
    return new LoadSpeech(
        language.synthesize(schedule, samples(seconds) / (double) SAMPLE_RATE),
        language.expectedWords(schedule),
        starts.size() / WORDS_PER_PHRASE);
  }

  /** Start of every word: whole phrases only, each ending {@link #TAIL_SECONDS} before the end. */
  static List<Double> wordStarts(double seconds) {
    if (!(seconds >= MIN_SECONDS)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "a load session needs at least %.2f s (one phrase), got %s",
              MIN_SECONDS,
              seconds));
    }
    List<Double> starts = new ArrayList<>();
    for (int phrase = 0; ; phrase++) {
      double first = FIRST_WORD_SECONDS + phrase * PHRASE_PERIOD_SECONDS;
      double end = first + (WORDS_PER_PHRASE - 1) * WORD_STEP_SECONDS + SOUND_SECONDS;
      if (end > seconds - TAIL_SECONDS + 1e-9) {
        return starts;
      }
      for (int w = 0; w < WORDS_PER_PHRASE; w++) {
        // whole 80 ms frames, so the tone language and the markers both accept the place
        starts.add(Math.round((first + w * WORD_STEP_SECONDS) / 0.08) * 0.08);
      }
    }
  }

  /** Whole 100 ms chunks: the session's length as streamed. */
  static int samples(double seconds) {
    return (int) Math.round(seconds * 10) * SAMPLE_RATE / 10;
  }

  public double seconds() {
    return audio.length / (double) SAMPLE_RATE;
  }
}
