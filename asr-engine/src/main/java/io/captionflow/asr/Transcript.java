package io.captionflow.asr;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of one window in time order, with the words and text they spell (special tokens excluded).
 */
public record Transcript(List<Token> tokens, List<TimedWord> words, String text) {

  public static final Transcript EMPTY = new Transcript(List.of(), List.of(), "");

  /**
   * Assembles words from SentencePiece tokens: a piece starting with "▁" opens a word, others
   * continue it. A word spans its first piece's start to its last piece's end; its confidence is
   * its least sure piece's. Special tokens are kept in {@code tokens} but spell nothing.
   */
  public static Transcript of(List<Token> tokens) {
    List<TimedWord> words = new ArrayList<>();
    StringBuilder word = null;
    double start = 0;
    double end = 0;
    float confidence = 1f;
    for (Token token : tokens) {
      if (token.special()) {
        continue;
      }
      String piece = token.piece();
      if (token.startsWord() || word == null) {
        if (word != null && word.length() > 0) {
          words.add(new TimedWord(word.toString(), start, end, confidence));
        }
        word = new StringBuilder();
        start = token.startSeconds();
        confidence = 1f;
        piece = token.startsWord() ? piece.substring(1) : piece;
      }
      word.append(piece.replace('\u2581', ' '));
      end = token.endSeconds();
      confidence = Math.min(confidence, token.confidence());
    }
    if (word != null && word.length() > 0) {
      words.add(new TimedWord(word.toString(), start, end, confidence));
    }
    StringBuilder text = new StringBuilder();
    for (TimedWord w : words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(w.text());
    }
    return new Transcript(List.copyOf(tokens), List.copyOf(words), text.toString());
  }
}
