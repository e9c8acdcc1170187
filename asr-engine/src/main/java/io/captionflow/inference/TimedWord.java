package io.captionflow.inference;

/** A word assembled from SentencePiece tokens: start of its first piece, end of its last; confidence is its least sure piece's. */
public record TimedWord(String text, double startSeconds, double endSeconds, float confidence) {}
