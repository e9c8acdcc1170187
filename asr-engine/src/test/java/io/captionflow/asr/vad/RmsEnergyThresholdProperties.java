package io.captionflow.asr.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/**
 * At the default −40 dB the model's 0.5 crossing is the streaming job's former RMS rule (speech at
 * RMS ≥ 0.01f), however close to the threshold a frame's level lies.
 */
class RmsEnergyThresholdProperties {

  private final RmsEnergyModel model = new RmsEnergyModel();

  /** The job's former frame rule (RmsFrameVad), the reference the model must decide like. */
  private static boolean formerJobRule(float[] frame) {
    double sum = 0;
    for (float s : frame) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / frame.length) >= 0.01f;
  }

  @Property(tries = 300)
  void decidesSpeechExactlyAsTheFormerRmsRule(
      @ForAll @FloatRange(min = 0.0099f, max = 0.0101f) @net.jqwik.api.constraints.Scale(10)
          float amplitude,
      @ForAll @IntRange(min = 0, max = 511) int flipped,
      @ForAll @IntRange(min = -3, max = 3) int ulps) {
    float level = amplitude;
    for (int i = 0; i < Math.abs(ulps); i++) {
      level = ulps > 0 ? Math.nextUp(level) : Math.nextDown(level);
    }
    float[] frame = new float[VadModel.FRAME_SAMPLES];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = i < flipped ? -level : level;
    }
    boolean speech = model.speechProbability(frame, model.initialState()) >= 0.5f;
    assertEquals(formerJobRule(frame), speech, "constant level " + level);
  }

  @Property(tries = 50)
  void levelsJustAboveAndBelowTheThresholdFallOnTheirSide(
      @ForAll @IntRange(min = 1, max = 1000) int ulps) {
    float above = 0.01f;
    float below = 0.01f;
    for (int i = 0; i < ulps; i++) {
      above = Math.nextUp(above);
      below = Math.nextDown(below);
    }
    float[] loud = new float[VadModel.FRAME_SAMPLES];
    float[] quiet = new float[VadModel.FRAME_SAMPLES];
    java.util.Arrays.fill(loud, above);
    java.util.Arrays.fill(quiet, below);
    assertEquals(true, model.speechProbability(loud, model.initialState()) >= 0.5f, "" + above);
    assertEquals(false, model.speechProbability(quiet, model.initialState()) >= 0.5f, "" + below);
  }
}
