package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.TimedWord;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load's latency starts at the chunk that triggers the decode first hearing a word; for the
 * fixture recognizer that decode is the one {@link DecodePoints} names, as for the null one.
 */
class FixtureHearingTest {

  @Test
  void theToneFixtureFirstHearsEachLoadWordWhereDecodePointsSays() throws Exception {
    Path dir = Files.createTempDirectory("load-fixture");
    ToneLanguage language = ToneLanguageFixture.write(dir);
    LoadSpeech speech = LoadSpeech.tones(language, 7);
    SessionSettings speedy = SessionSettings.of(LatencyMode.SPEEDY);
    DecodePoints points = new DecodePoints(speedy);
    List<String> firstHeard = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    try (ParakeetRecognizer fixture = ParakeetRecognizer.load(RecognizerConfig.of(dir))) {
      for (TimedWord w : speech.words()) {
        long start = Math.round(w.startSeconds() * 16_000);
        long point = points.firstHearing(start, speech.audio().length);
        predicted.add(w.text() + "@" + point);
        // the decodes around the predicted one, windows placed as the job places them
        for (long end = point - 2 * speedy.intervalSamples();
            end <= point + speedy.intervalSamples();
            end += speedy.intervalSamples()) {
          if (end > 0 && hears(fixture, speech.audio(), end, speedy, w)) {
            firstHeard.add(w.text() + "@" + end);
            break;
          }
        }
      }
    }
    assertEquals(predicted, firstHeard);
  }

  private static boolean hears(
      ParakeetRecognizer fixture, float[] audio, long end, SessionSettings s, TimedWord word) {
    long start = Math.max(0, Math.floorDiv(end - s.bufferSamples(), 1280) * 1280);
    float[] window = Arrays.copyOfRange(audio, (int) start, (int) end);
    for (TimedWord heard : fixture.transcribe(window).words()) {
      if (heard.text().equals(word.text())
          && Math.abs(start / 16_000.0 + heard.startSeconds() - word.startSeconds()) < 0.04) {
        return true;
      }
    }
    return false;
  }
}
