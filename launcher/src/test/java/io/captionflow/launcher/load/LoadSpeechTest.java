package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.TimedWord;
import io.captionflow.fixtures.asr.NullRecognizer;
import io.captionflow.fixtures.asr.ToneLanguage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadSpeechTest {

  @Test
  void twentySecondsHoldNinePhrasesOfThreeMarkerWords() {
    LoadSpeech speech = LoadSpeech.markers(20);
    assertEquals(320_000, speech.audio().length);
    assertEquals(9, speech.phrases());
    assertEquals(27, speech.words().size());
    assertWord("tick", 0.80, 1.12, speech.words().get(0));
    assertWord("tock", 1.20, 1.52, speech.words().get(1));
    assertWord("ping", 1.60, 1.92, speech.words().get(2));
    assertWord("pong", 2.80, 3.12, speech.words().get(3));
    assertWord("ping", 16.80 + 0.80, 16.80 + 1.12, speech.words().get(26));
  }

  @Test
  void theNullRecognizerHearsExactlyTheScheduledWords() {
    LoadSpeech speech = LoadSpeech.markers(7);
    assertEquals(9, speech.words().size());
    List<TimedWord> heard = new NullRecognizer().transcribe(speech.audio()).words();
    assertEquals(speech.words().size(), heard.size());
    for (int i = 0; i < heard.size(); i++) {
      assertWord(
          speech.words().get(i).text(),
          speech.words().get(i).startSeconds(),
          speech.words().get(i).endSeconds(),
          heard.get(i));
    }
  }

  @Test
  void toneSpeechHasTheSameScheduleInTheFixturesWords() {
    LoadSpeech speech = LoadSpeech.tones(new ToneLanguage(), 7);
    assertEquals(112_000, speech.audio().length);
    assertEquals(3, speech.phrases());
    assertEquals(9, speech.words().size());
    assertWord("live", 0.80, 0.96, speech.words().get(0));
    assertWord("captions", 1.20, 1.36, speech.words().get(1));
    assertWord("words", 4.80 + 0.80, 4.80 + 0.96, speech.words().get(8));
  }

  @Test
  void tooShortForOnePhraseIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LoadSpeech.markers(2));
    assertEquals("a load session needs at least 2.32 s (one phrase), got 2.0", e.getMessage());
    assertEquals(1, LoadSpeech.markers(3).phrases());
  }

  private static void assertWord(String text, double start, double end, TimedWord w) {
    assertEquals(text, w.text());
    assertEquals(start, w.startSeconds(), 1e-9);
    assertEquals(end, w.endSeconds(), 1e-9);
  }
}
