package io.captionflow.diarization.timeline;

/**
 * Who said a word.
 *
 * @param speaker 0-based speaker number within the session, stable for the session's life
 * @param overlap another speaker was active over at least half of the word as well
 * @param activity the speaker's mean activity probability over the word
 */
public record SpeakerAssignment(int speaker, boolean overlap, float activity) {}
