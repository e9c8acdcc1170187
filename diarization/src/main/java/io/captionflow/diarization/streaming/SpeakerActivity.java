package io.captionflow.diarization.streaming;

import io.captionflow.diarization.model.SortformerModel;

/**
 * Per-frame speaker activity probabilities for consecutive 80 ms frames of session time.
 *
 * @param firstFrame session frame index of the first row (frame f covers [0.08 f, 0.08 (f + 1)) s)
 * @param probs frame-major, {@link SortformerModel#SPEAKERS} values per frame, each in [0, 1]
 */
public record SpeakerActivity(long firstFrame, float[] probs) {

  public static SpeakerActivity empty(long at) {
    return new SpeakerActivity(at, new float[0]);
  }

  public int frames() {
    return probs.length / SortformerModel.SPEAKERS;
  }

  public long endFrame() {
    return firstFrame + frames();
  }

  /** Probability that {@code speaker} talks in session frame {@code frame}. */
  public float probability(long frame, int speaker) {
    return probs[(int) (frame - firstFrame) * SortformerModel.SPEAKERS + speaker];
  }

  public SpeakerActivity append(SpeakerActivity next) {
    if (next.firstFrame != endFrame()) {
      throw new IllegalArgumentException(
          "activity for frames from " + next.firstFrame + " does not follow frame " + endFrame());
    }
    return new SpeakerActivity(firstFrame, FrameArrays.concat(probs, next.probs));
  }
}
