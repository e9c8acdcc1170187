package io.captionflow.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.fixture.ToneLanguage.ScheduledWord;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.parakeet.ParakeetRecognizer;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlapping windows merged by core ownership on the tone-language fixture: 6.4 s windows
 * overlapping by 1.6 s (so every window start, window end and core boundary lies on the 80 ms
 * grid), with a word straddling each of them.
 */
class LongFormTranscriberTest {

  private static final double WINDOW = 6.4;
  private static final double OVERLAP = 1.6;
  private static final double HOP = WINDOW - OVERLAP;
  private static final double TOTAL = 25.6;
  private static final int WINDOWS = 5;

  @TempDir static Path dir;
  static ToneLanguage language;
  static ParakeetRecognizer recognizer;

  @BeforeAll
  static void load() {
    language = ToneLanguageFixture.write(dir);
    recognizer = ParakeetRecognizer.load(RecognizerConfig.of(dir).withIntraOpThreads(1));
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  /**
   * A word across every window start (0.32 s from 0.16 s before it), every window end (likewise)
   * and centred on every core boundary (0.16 s, its midpoint on the boundary), the words in
   * vocabulary order, cycling, so no word follows itself.
   */
  private static List<ScheduledWord> seamSchedule() {
    List<double[]> placed = new ArrayList<>(); // start, duration
    placed.add(new double[] {0.4, 0.24});
    for (int k = 1; k < WINDOWS; k++) {
      double start = k * HOP;
      double boundary = start + OVERLAP / 2;
      double previousEnd = start + OVERLAP;
      placed.add(new double[] {start - 0.16, 0.32});
      placed.add(new double[] {boundary - 0.08, 0.16});
      placed.add(new double[] {previousEnd - 0.16, 0.32});
      placed.add(new double[] {previousEnd + 1.2, 0.24}); // one well inside a single window
    }
    placed.add(new double[] {TOTAL - 0.4, 0.24});
    List<ScheduledWord> schedule = new ArrayList<>();
    List<ToneLanguage.ToneWord> words = language.words();
    for (int i = 0; i < placed.size(); i++) {
      double start = Math.round(placed.get(i)[0] / 0.08) * 0.08;
      schedule.add(new ScheduledWord(words.get(i % words.size()).text(), start, placed.get(i)[1]));
    }
    return schedule;
  }

  private static void assertSameWordsAndTimes(List<TimedWord> expected, List<TimedWord> actual) {
    assertEquals(
        expected.stream().map(TimedWord::text).toList(),
        actual.stream().map(TimedWord::text).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).startSeconds(), actual.get(i).startSeconds(), 1e-9, "word " + i);
      assertEquals(expected.get(i).endSeconds(), actual.get(i).endSeconds(), 1e-9, "word " + i);
    }
  }

  @Test
  void wordsAcrossEverySeamComeOutOnceAtTheirRecordingTimesAsOneWholeDecodeGivesThem() {
    List<ScheduledWord> schedule = seamSchedule();
    float[] audio = language.synthesize(schedule, TOTAL);
    assertEquals(WINDOWS, LongFormWindow.plan(audio.length, 102_400, 25_600, 1280).size());

    Transcript merged = LongFormTranscriber.transcribe(recognizer, audio, WINDOW, OVERLAP, 1);
    Transcript whole = recognizer.transcribe(audio);

    assertSameWordsAndTimes(language.expectedWords(schedule), merged.words());
    assertSameWordsAndTimes(whole.words(), merged.words());
    assertEquals(
        whole.tokens().stream().map(t -> t.piece() + "@" + t.frame()).toList(),
        merged.tokens().stream().map(t -> t.piece() + "@" + t.frame()).toList());
  }

  @Test
  void aWordCentredOnACoreBoundaryIsHeardByBothWindowsAndKeptOnce() {
    List<ScheduledWord> schedule = seamSchedule();
    float[] audio = language.synthesize(schedule, TOTAL);
    List<LongFormWindow> windows = LongFormWindow.plan(audio.length, 102_400, 25_600, 1280);
    Transcript merged = LongFormTranscriber.transcribe(recognizer, audio, WINDOW, OVERLAP, 1);

    for (int k = 1; k < WINDOWS; k++) {
      double boundary = windows.get(k).coreStart() / 16_000.0;
      ScheduledWord onBoundary = schedule.get(4 * (k - 1) + 2);
      assertEquals(boundary, onBoundary.startSeconds() + 0.08, 1e-9);
      for (LongFormWindow heard : List.of(windows.get(k - 1), windows.get(k))) {
        double offset = heard.start() / 16_000.0;
        List<Double> starts =
            recognizer
                .transcribe(Arrays.copyOfRange(audio, heard.start(), heard.end()))
                .words()
                .stream()
                .filter(w -> w.text().equals(onBoundary.word()))
                .map(w -> w.startSeconds() + offset)
                .toList();
        assertEquals(1, starts.size(), onBoundary + " in " + heard);
        assertEquals(onBoundary.startSeconds(), starts.get(0), 1e-9);
      }
      assertEquals(
          1,
          merged.words().stream()
              .filter(w -> Math.abs(w.startSeconds() - onBoundary.startSeconds()) < 1e-9)
              .count(),
          onBoundary.toString());
    }
  }

  @Test
  void batchingWindowsChangesNothing() {
    float[] audio = language.synthesize(seamSchedule(), TOTAL);
    Transcript oneByOne = LongFormTranscriber.transcribe(recognizer, audio, WINDOW, OVERLAP, 1);
    for (int perBatch : new int[] {2, 3, WINDOWS}) {
      assertEquals(
          oneByOne,
          LongFormTranscriber.transcribe(recognizer, audio, WINDOW, OVERLAP, perBatch),
          perBatch + " windows per batch");
    }
  }

  @Test
  void aRecordingThatFitsOneWindowIsTranscribedWhole() {
    List<ScheduledWord> schedule = language.sentence("hello world live captions", 0.4, 0.32, 0.16);
    float[] audio = language.synthesize(schedule, 4.0);
    Transcript whole = recognizer.transcribe(audio);
    assertEquals(whole, LongFormTranscriber.transcribe(recognizer, audio));
    assertEquals(whole, LongFormTranscriber.transcribe(recognizer, audio, 4.0, 1.0, 1));
  }

  @Test
  void badSizesAreRefusedNamingTheProblem() {
    float[] audio = new float[16_000 * 10];
    IllegalArgumentException batch =
        assertThrows(
            IllegalArgumentException.class,
            () -> LongFormTranscriber.transcribe(recognizer, audio, 6, 2, 0));
    assertEquals("windowsPerBatch must be at least 1, got 0", batch.getMessage());
    IllegalArgumentException overlap =
        assertThrows(
            IllegalArgumentException.class,
            () -> LongFormTranscriber.transcribe(recognizer, audio, 6, 6, 1));
    assertEquals(
        "windows of 96000 samples overlapping by 96000 leave less than one frame of 1280 samples to"
            + " advance by: the overlap must be shorter than the window by a frame",
        overlap.getMessage());
  }
}
