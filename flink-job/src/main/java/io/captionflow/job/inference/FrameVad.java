package io.captionflow.job.inference;

/**
 * A voice activity detector scoring fixed-size frames. Its recurrent state is passed in and updated
 * in place, so it lives in the session's keyed state and a recovered session decides exactly as
 * before.
 */
public interface FrameVad {

  /** Samples per scored frame at 16 kHz. */
  int frameSamples();

  /** The state of a fresh stream (may be empty). */
  float[] initialState();

  /** Speech probability 0..1 of one frame; {@code state} is updated in place. */
  float speechProbability(float[] frame, float[] state);
}
