package io.captionflow.diarization.timeline;

/**
 * How frame activities become speaker turns (NeMo's post-processing): a median filter over {@code
 * medianFrames}, a turn starts at probability ≥ {@code onset} and ends below {@code offset}, is
 * widened by the pads, dropped when shorter than {@code minOnSeconds}, and merged with the next
 * turn of the same speaker across gaps shorter than {@code minOffSeconds}.
 */
public record TurnParams(
    float onset,
    float offset,
    double padOnset,
    double padOffset,
    double minOnSeconds,
    double minOffSeconds,
    int medianFrames) {

  /** NeMo's tuned values for the streaming v2 model on CallHome. */
  public static TurnParams callhome() {
    return new TurnParams(0.641f, 0.561f, 0.229, 0.079, 0.511, 0.296, 11);
  }

  /** NeMo's tuned values for the streaming v2 model on DIHARD3. */
  public static TurnParams dihard3() {
    return new TurnParams(0.56f, 1.0f, 0.063, 0.002, 0.007, 0.151, 11);
  }

  /** Plain threshold at 0.5, no smoothing or padding: frame-exact turns. */
  public static TurnParams plain() {
    return new TurnParams(0.5f, 0.5f, 0, 0, 0, 0, 1);
  }
}
