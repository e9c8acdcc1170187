package io.captionflow.asr;

import java.util.Objects;

/**
 * One row of a batched greedy decode: encoder frames {@code [fromFrame, toFrame)} of {@code audio},
 * continued from {@code state} ({@link DecoderState#initial()} for a fresh utterance).
 */
public record DecodeRequest(EncodedAudio audio, int fromFrame, int toFrame, DecoderState state) {

  public DecodeRequest {
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(state, "state (use DecoderState.initial() for a fresh utterance)");
    if (fromFrame < 0 || toFrame > audio.length() || fromFrame > toFrame) {
      throw new IllegalArgumentException(
          "frames ["
              + fromFrame
              + ", "
              + toFrame
              + ") outside the "
              + audio.length()
              + " encoded frames");
    }
  }
}
