package io.captionflow.inference;

import java.util.List;

/** Tokens of one window in time order, with the words and text they spell (special tokens excluded). */
public record Transcript(List<Token> tokens, List<TimedWord> words, String text) {

  public static final Transcript EMPTY = new Transcript(List.of(), List.of(), "");
}
