package io.captionflow.asr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes a recording of any length with an offline model: the encoder takes about 400 s at
 * most per call, so longer audio goes in overlapping windows, and the words come back in the
 * recording's time.
 *
 * <p>Windows ({@link LongFormWindow#plan}) last {@link #WINDOW_SECONDS} and overlap by at least
 * {@link #OVERLAP_SECONDS}; they start on the model's frame grid and the last one ends at the
 * recording's end. Merge rule: each window owns the words whose midpoint ((first piece's start +
 * last piece's end) / 2, to the nearest sample) lies in its core, which runs from the middle of its
 * overlap with the previous window to the middle of its overlap with the next; a word on a core
 * boundary belongs to the later window. The cores tile the recording, so a word heard by two
 * windows is kept once, from the window where it lies furthest from a cut (at least half an overlap
 * from either edge), and a word a cut splits or loses in one window is taken from the other. A word
 * is a piece that starts with "▁" and the tokens after it up to the next such piece (special tokens
 * go with the word they follow). Only a word that two windows time on opposite sides of a boundary
 * could be doubled or dropped. Token times and frames are shifted by the window's start into the
 * recording's time. The result does not depend on how many windows go to one {@link
 * SpeechRecognizer#transcribeBatch} call.
 */
public final class LongFormTranscriber {

  private static final Logger LOG = LoggerFactory.getLogger(LongFormTranscriber.class);

  /** Longest window given to the encoder in one call. */
  public static final int WINDOW_SECONDS = 300;

  /** Least overlap of consecutive windows: 10 s of context on each side of every seam. */
  public static final int OVERLAP_SECONDS = 20;

  /**
   * Windows per {@link SpeechRecognizer#transcribeBatch} call: batched decoding pays from a few
   * rows, and the encoder's memory grows with each 300 s row.
   */
  public static final int WINDOWS_PER_BATCH = 4;

  private LongFormTranscriber() {}

  /** The whole recording's transcript; times are seconds from {@code samples[0]}. */
  public static Transcript transcribe(SpeechRecognizer recognizer, float[] samples) {
    return transcribe(recognizer, samples, WINDOW_SECONDS, OVERLAP_SECONDS, WINDOWS_PER_BATCH);
  }

  /**
   * The whole recording's transcript from windows of at most {@code windowSeconds} overlapping by
   * at least {@code overlapSeconds}, {@code windowsPerBatch} of them per recognizer call; the
   * result does not depend on {@code windowsPerBatch}.
   *
   * @throws IllegalArgumentException when the sizes leave no window, or {@code windowsPerBatch} is
   *     below 1
   */
  public static Transcript transcribe(
      SpeechRecognizer recognizer,
      float[] samples,
      double windowSeconds,
      double overlapSeconds,
      int windowsPerBatch) {
    if (windowsPerBatch < 1) {
      throw new IllegalArgumentException(
          "windowsPerBatch must be at least 1, got " + windowsPerBatch);
    }
    int frameSamples = (int) Math.round(recognizer.frameSeconds() * SpeechRecognizer.SAMPLE_RATE);
    List<LongFormWindow> windows =
        LongFormWindow.plan(
            samples.length, toSamples(windowSeconds), toSamples(overlapSeconds), frameSamples);
    if (windows.size() == 1) {
      return recognizer.transcribe(samples);
    }
    LOG.debug(
        "transcribing {} s in {} windows of {} s overlapping by at least {} s",
        samples.length / (double) SpeechRecognizer.SAMPLE_RATE,
        windows.size(),
        windowSeconds,
        overlapSeconds);
    List<Token> tokens = new ArrayList<>();
    for (int first = 0; first < windows.size(); first += windowsPerBatch) {
      List<LongFormWindow> batch =
          windows.subList(first, Math.min(windows.size(), first + windowsPerBatch));
      List<float[]> audio =
          batch.stream().map(w -> Arrays.copyOfRange(samples, w.start(), w.end())).toList();
      List<Transcript> parts =
          audio.size() == 1
              ? List.of(recognizer.transcribe(audio.get(0)))
              : recognizer.transcribeBatch(audio);
      for (int i = 0; i < batch.size(); i++) {
        tokens.addAll(ownedTokens(batch.get(i), parts.get(i), frameSamples));
      }
    }
    return Transcript.of(tokens);
  }

  /** The tokens of the words {@code window} owns, in the recording's time. */
  static List<Token> ownedTokens(LongFormWindow window, Transcript part, int frameSamples) {
    List<Token> owned = new ArrayList<>();
    List<Token> word = new ArrayList<>();
    for (Token token : part.tokens()) {
      if (token.startsWord() && !word.isEmpty()) {
        keepIfOwned(window, word, frameSamples, owned);
        word = new ArrayList<>();
      }
      word.add(token);
    }
    keepIfOwned(window, word, frameSamples, owned);
    return owned;
  }

  private static void keepIfOwned(
      LongFormWindow window, List<Token> word, int frameSamples, List<Token> owned) {
    if (word.isEmpty()) {
      return;
    }
    double midSeconds = (word.get(0).startSeconds() + word.get(word.size() - 1).endSeconds()) / 2;
    if (!window.owns(window.start() + Math.round(midSeconds * SpeechRecognizer.SAMPLE_RATE))) {
      return;
    }
    double offset = window.start() / (double) SpeechRecognizer.SAMPLE_RATE;
    int frameOffset = window.start() / frameSamples;
    for (Token t : word) {
      owned.add(
          new Token(
              t.id(),
              t.piece(),
              t.frame() + frameOffset,
              t.startSeconds() + offset,
              t.endSeconds() + offset,
              t.confidence(),
              t.special()));
    }
  }

  private static int toSamples(double seconds) {
    return (int) Math.round(seconds * SpeechRecognizer.SAMPLE_RATE);
  }
}
