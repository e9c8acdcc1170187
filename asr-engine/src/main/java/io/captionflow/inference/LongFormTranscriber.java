package io.captionflow.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transcribes a recording of any length with an offline model: the encoder takes about 400 s at
 * most per call, so longer audio goes in windows, and the words come back in the recording's time.
 */
public final class LongFormTranscriber {

  /** Longest window given to the encoder in one call. */
  public static final int WINDOW_SECONDS = 300;

  private LongFormTranscriber() {}

  /** The whole recording's transcript; times are seconds from {@code samples[0]}. */
  public static Transcript transcribe(SpeechRecognizer recognizer, float[] samples) {
    int window = WINDOW_SECONDS * SpeechRecognizer.SAMPLE_RATE;
    if (samples.length <= window) {
      return recognizer.transcribe(samples);
    }
    List<Token> tokens = new ArrayList<>();
    for (int from = 0; from < samples.length; from += window) {
      double offset = from / (double) SpeechRecognizer.SAMPLE_RATE;
      Transcript part =
          recognizer.transcribe(
              Arrays.copyOfRange(samples, from, Math.min(samples.length, from + window)));
      for (Token t : part.tokens()) {
        tokens.add(
            new Token(
                t.id(),
                t.piece(),
                t.frame(),
                t.startSeconds() + offset,
                t.endSeconds() + offset,
                t.confidence(),
                t.special()));
      }
    }
    return Transcript.of(tokens);
  }
}
