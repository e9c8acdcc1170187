package io.captionflow.asr.vad;

/**
 * A session's VAD memory as plain arrays, to keep in Flink keyed state: the model's recurrent state
 * (Silero: [2, 1, 128]), the last 64 samples of the previous frame (Silero v5 context), samples
 * waiting for a full frame, and how many samples have been consumed so far.
 */
public record VadStreamState(
    float[] modelState, float[] context, float[] pending, int pendingCount, long samplesSeen) {

  public VadStreamState copy() {
    return new VadStreamState(
        modelState.clone(), context.clone(), pending.clone(), pendingCount, samplesSeen);
  }
}
