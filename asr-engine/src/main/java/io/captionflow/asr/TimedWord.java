package io.captionflow.asr;

import java.util.Locale;

/**
 * A word assembled from SentencePiece tokens: start of its first piece, end of its last; confidence
 * is its least sure piece's.
 */
public record TimedWord(String text, double startSeconds, double endSeconds, float confidence) {

  /**
   * The line {@code captionflow transcribe} prints for a word: "start end word", seconds to 2
   * decimals, tab-separated.
   */
  public String toLine() {
    return String.format(Locale.ROOT, "%.2f\t%.2f\t%s", startSeconds, endSeconds, text);
  }
}
