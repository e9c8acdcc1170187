package io.captionflow.asr;

/**
 * What greedy TDT decoding carries from one step (or window) to the next: the prediction network's
 * two LSTM states ([2, 1, 640] each for Parakeet, flattened) and the last emitted token (blank at
 * start). Plain arrays so it can live in Flink keyed state.
 */
public record DecoderState(float[] state1, float[] state2, int lastToken, boolean fresh) {

  /** The start of an utterance: zero states, last token = blank (resolved by the recognizer). */
  public static DecoderState initial() {
    return new DecoderState(null, null, -1, true);
  }
}
