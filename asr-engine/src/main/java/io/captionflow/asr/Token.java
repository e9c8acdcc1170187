package io.captionflow.asr;

/**
 * One decoded vocabulary piece. {@code piece} is the raw SentencePiece text ("▁" marks a word
 * start); special tokens ({@code <…>}, language tags) are reported with {@code special = true} and
 * never printed.
 *
 * @param frame encoder frame index the token was emitted at
 * @param confidence softmax probability of the chosen token, 0..1
 */
public record Token(
    int id,
    String piece,
    int frame,
    double startSeconds,
    double endSeconds,
    float confidence,
    boolean special) {

  public boolean startsWord() {
    return piece.startsWith("\u2581");
  }
}
