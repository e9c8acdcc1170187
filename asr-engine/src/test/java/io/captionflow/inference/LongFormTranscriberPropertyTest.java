package io.captionflow.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.fixture.ToneLanguage.ScheduledWord;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.parakeet.ParakeetRecognizer;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the schedule and the window sizes, the merged transcript has each scheduled word exactly
 * once, at its recording time, in time order.
 */
class LongFormTranscriberPropertyTest {

  private static final double FRAME = ToneLanguage.FRAME_SECONDS;
  private static final ToneLanguage LANGUAGE;
  private static final ParakeetRecognizer RECOGNIZER;

  static {
    try {
      Path dir = Files.createTempDirectory("long-form-tone");
      LANGUAGE = ToneLanguageFixture.write(dir);
      RECOGNIZER = ParakeetRecognizer.load(RecognizerConfig.of(dir).withIntraOpThreads(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 10)
  void noWordIsLostOrDoubledAndTimesNeverGoBack(
      @ForAll long seed,
      @ForAll @IntRange(min = 50, max = 100) int windowFrames,
      @ForAll @IntRange(min = 12, max = 50) int overlapFrames,
      @ForAll @IntRange(min = 1, max = 4) int windowsPerBatch) {
    Random random = new Random(seed);
    double total = (120 + random.nextInt(180)) * FRAME + random.nextInt(1280) / 16_000.0;
    List<ScheduledWord> schedule = schedule(random, total);
    float[] audio = LANGUAGE.synthesize(schedule, total);

    Transcript merged =
        LongFormTranscriber.transcribe(
            RECOGNIZER,
            audio,
            windowFrames * FRAME,
            Math.min(overlapFrames, windowFrames / 2) * FRAME,
            windowsPerBatch);

    List<TimedWord> expected = LANGUAGE.expectedWords(schedule);
    assertEquals(
        expected.stream().map(TimedWord::text).toList(),
        merged.words().stream().map(TimedWord::text).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).startSeconds(), merged.words().get(i).startSeconds(), 1e-9);
      assertEquals(expected.get(i).endSeconds(), merged.words().get(i).endSeconds(), 1e-9);
    }
    for (int i = 1; i < merged.tokens().size(); i++) {
      Token before = merged.tokens().get(i - 1);
      Token after = merged.tokens().get(i);
      assertTrue(before.startSeconds() <= after.startSeconds(), before + " then " + after);
      assertTrue(before.frame() <= after.frame(), before + " then " + after);
    }
  }

  /**
   * Words of 0.16–0.32 s with 0.16–0.96 s between them on the 80 ms grid, each unlike the four
   * before it, so no word's tone covers more than a quarter of a 4 s window.
   */
  private static List<ScheduledWord> schedule(Random random, double total) {
    List<ScheduledWord> schedule = new ArrayList<>();
    List<String> recent = new ArrayList<>();
    int frame = 2 + random.nextInt(10);
    while (true) {
      int length = 2 + random.nextInt(3);
      if ((frame + length) * FRAME > total) {
        return schedule;
      }
      String word;
      do {
        word = LANGUAGE.words().get(random.nextInt(LANGUAGE.words().size())).text();
      } while (recent.contains(word));
      recent.add(word);
      if (recent.size() > 4) {
        recent.remove(0);
      }
      schedule.add(new ScheduledWord(word, frame * FRAME, length * FRAME));
      frame += length + 2 + random.nextInt(11);
    }
  }
}
