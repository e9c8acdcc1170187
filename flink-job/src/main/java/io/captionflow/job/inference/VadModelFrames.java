package io.captionflow.job.inference;

import io.captionflow.inference.vad.VadModel;
import io.captionflow.inference.vad.VadStreamState;
import java.util.Arrays;

/**
 * A shared asr-engine {@link VadModel} (Silero v5) as a {@link FrameVad}: the session's VAD memory
 * (model state followed by the 64-sample context) is one float array in session state.
 */
public final class VadModelFrames implements FrameVad {

  private final VadModel model;
  private final int stateLength;

  public VadModelFrames(VadModel model) {
    this.model = model;
    this.stateLength = model.initialState().modelState().length;
  }

  @Override
  public int frameSamples() {
    return VadModel.FRAME_SAMPLES;
  }

  @Override
  public float[] initialState() {
    VadStreamState s = model.initialState();
    float[] state = Arrays.copyOf(s.modelState(), stateLength + s.context().length);
    System.arraycopy(s.context(), 0, state, stateLength, s.context().length);
    return state;
  }

  @Override
  public float speechProbability(float[] frame, float[] state) {
    float[] modelState = Arrays.copyOfRange(state, 0, stateLength);
    float[] context = Arrays.copyOfRange(state, stateLength, state.length);
    float p =
        model.speechProbability(frame, new VadStreamState(modelState, context, new float[0], 0, 0));
    System.arraycopy(modelState, 0, state, 0, stateLength);
    System.arraycopy(context, 0, state, stateLength, context.length);
    return p;
  }
}
