package io.captionflow.job.inference;

import io.captionflow.inference.DecoderState;
import io.captionflow.inference.SpeechRecognizer;
import io.captionflow.inference.Token;
import io.captionflow.job.confirmation.TimedToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the shared recognizer over a window of session audio and places the tokens on the session
 * clock. Counts the audio it encodes, so the encoder-pass factor (encoded seconds per audio second)
 * is measurable.
 */
public final class WindowDecoder {

  /** Tokens of one call, with what the call cost. */
  public record Result(
      List<TimedToken> tokens,
      long encodedSamples,
      long nanos,
      DecoderState state,
      int nextFrame) {}

  private final SpeechRecognizer recognizer;

  public WindowDecoder(SpeechRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  /**
   * Full-window decoding: a fresh utterance over {@code window}, which starts at session sample
   * {@code startSample}.
   */
  public Result transcribe(float[] window, long startSample) {
    long t0 = System.nanoTime();
    List<Token> tokens = recognizer.transcribe(window).tokens();
    return new Result(place(tokens, startSample), window.length, System.nanoTime() - t0, null, 0);
  }

  /**
   * Chunked decoding: encodes the whole window (left context + chunk + right context) and
   * greedy-decodes only frames [fromFrame, toFrame), continuing from {@code state}.
   */
  public Result decodeChunk(
      float[] window, long startSample, int fromFrame, int toFrame, DecoderState state) {
    long t0 = System.nanoTime();
    var encoded = recognizer.encode(window);
    int to = Math.min(toFrame, encoded.length());
    if (fromFrame >= to) {
      return new Result(List.of(), window.length, System.nanoTime() - t0, state, fromFrame);
    }
    var result = recognizer.decode(encoded, fromFrame, to, state);
    return new Result(
        place(result.tokens(), startSample),
        window.length,
        System.nanoTime() - t0,
        result.state(),
        result.nextFrame());
  }

  private static List<TimedToken> place(List<Token> tokens, long startSample) {
    double offset = startSample / (double) SpeechRecognizer.SAMPLE_RATE;
    List<TimedToken> placed = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      if (!t.special()) {
        placed.add(
            new TimedToken(
                t.id(),
                t.piece(),
                offset + t.startSeconds(),
                offset + t.endSeconds(),
                t.confidence()));
      }
    }
    return placed;
  }
}
