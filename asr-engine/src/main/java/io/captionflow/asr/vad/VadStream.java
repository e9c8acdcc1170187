package io.captionflow.asr.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's frame scorer: feed any number of samples, get a probability per completed
 * 512-sample frame.
 */
public final class VadStream {

  /** A scored frame: its first sample (from the start of the stream) and its speech probability. */
  public record ScoredFrame(long startSample, float probability) {}

  private final VadModel model;
  private VadStreamState state;

  VadStream(VadModel model, VadStreamState state) {
    this.model = model;
    this.state = state;
  }

  /** Continues a session from a snapshot (e.g. restored Flink state). */
  public static VadStream restore(VadModel model, VadStreamState state) {
    return new VadStream(model, state.copy());
  }

  public VadStreamState snapshot() {
    return state.copy();
  }

  public List<ScoredFrame> accept(float[] samples) {
    return accept(samples, 0, samples.length);
  }

  public List<ScoredFrame> accept(float[] samples, int offset, int length) {
    List<ScoredFrame> out = new ArrayList<>();
    float[] pending = state.pending();
    int count = state.pendingCount();
    long seen = state.samplesSeen();
    for (int i = offset; i < offset + length; i++) {
      pending[count++] = samples[i];
      if (count == VadModel.FRAME_SAMPLES) {
        long start = seen + (i - offset + 1) - VadModel.FRAME_SAMPLES;
        VadStreamState current =
            new VadStreamState(state.modelState(), state.context(), pending, count, seen);
        float p = model.speechProbability(pending, current);
        out.add(new ScoredFrame(start, p));
        count = 0;
      }
    }
    state = new VadStreamState(state.modelState(), state.context(), pending, count, seen + length);
    return out;
  }
}
