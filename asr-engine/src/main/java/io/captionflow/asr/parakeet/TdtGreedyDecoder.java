package io.captionflow.asr.parakeet;

import io.captionflow.asr.DecodeRequest;
import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * TDT greedy decoding of many requests at once: per row a frame pointer, an emitted count and the
 * states, adopted only after a non-blank, exactly as a lone row would. Each step is one {@link
 * DecoderJoint} call for every row still decoding; rows that finish drop out.
 */
final class TdtGreedyDecoder {

  /** The TDT duration head's width: skips of 0..4 frames. */
  private static final int DURATIONS = 5;

  private final Vocabulary vocabulary;
  private final DecoderJoint joint;
  private final int maxTokensPerStep;
  private final double frameSeconds;

  TdtGreedyDecoder(
      Vocabulary vocabulary, DecoderJoint joint, int maxTokensPerStep, double frameSeconds) {
    this.vocabulary = vocabulary;
    this.joint = joint;
    this.maxTokensPerStep = maxTokensPerStep;
    this.frameSeconds = frameSeconds;
  }

  List<DecodeResult> decode(List<DecodeRequest> requests) {
    int blank = vocabulary.blank();
    List<Row> rows = new ArrayList<>(requests.size());
    for (DecodeRequest request : requests) {
      rows.add(new Row(request, blank));
    }
    List<Row> active = new ArrayList<>(rows);
    active.removeIf(Row::done);
    int v = vocabulary.size();
    int encoderDim = joint.encoderDim();
    int stateLayers = joint.stateLayers();
    int stateHidden = joint.stateHidden();
    int layerSize = stateLayers * stateHidden;
    while (!active.isEmpty()) {
      int b = active.size();
      float[] frames = new float[b * encoderDim];
      int[] targets = new int[b];
      float[] states1 = new float[layerSize * b];
      float[] states2 = new float[layerSize * b];
      for (int i = 0; i < b; i++) {
        Row row = active.get(i);
        System.arraycopy(row.audio.frames()[row.t], 0, frames, i * encoderDim, encoderDim);
        targets[i] = row.lastToken;
        scatterState(row.state1, states1, i, b);
        scatterState(row.state2, states2, i, b);
      }
      try (DecoderJoint.Step step = joint.step(frames, targets, states1, states2, b)) {
        int width = step.width / b;
        for (int i = 0; i < b; i++) {
          Row row = active.get(i);
          int offset = i * width;
          int token = argmax(step.logits, offset, offset + v) - offset;
          int skip = argmax(step.logits, offset + v, offset + v + DURATIONS) - offset - v;
          if (token != blank) {
            row.emit(token, skip, softmaxProbability(step.logits, offset, v, token));
            row.state1 = step.rowState(1, i, b, stateLayers, stateHidden);
            row.state2 = step.rowState(2, i, b, stateLayers, stateHidden);
          }
          if (skip > 0) {
            row.t += skip;
            row.emitted = 0;
          } else if (token == blank || row.emitted >= maxTokensPerStep) {
            row.t += 1;
            row.emitted = 0;
          }
        }
      }
      active.removeIf(Row::done);
    }
    List<DecodeResult> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(
          new DecodeResult(
              row.tokens, new DecoderState(row.state1, row.state2, row.lastToken, false), row.t));
    }
    return out;
  }

  /** Puts one row's [layers, 1, hidden] state at batch index {@code i} of [layers, b, hidden]. */
  private void scatterState(float[] state, float[] batch, int i, int b) {
    if (state == null) {
      return; // zeros: the start of an utterance
    }
    int stateHidden = joint.stateHidden();
    for (int layer = 0; layer < joint.stateLayers(); layer++) {
      System.arraycopy(
          state, layer * stateHidden, batch, (layer * b + i) * stateHidden, stateHidden);
    }
  }

  /** One row's decoding progress inside a batched greedy loop. */
  private final class Row {
    final EncodedAudio audio;
    final int toFrame;
    final List<Token> tokens = new ArrayList<>();
    int t;
    int emitted;
    int lastToken;
    float[] state1;
    float[] state2;

    Row(DecodeRequest request, int blank) {
      DecoderState state = request.state();
      this.audio = request.audio();
      this.toFrame = request.toFrame();
      this.t = request.fromFrame();
      this.lastToken = state.fresh() || state.lastToken() < 0 ? blank : state.lastToken();
      this.state1 = state.state1();
      this.state2 = state.state2();
    }

    boolean done() {
      return t >= toFrame;
    }

    void emit(int token, int skip, float confidence) {
      tokens.add(
          new Token(
              token,
              vocabulary.piece(token),
              t,
              t * frameSeconds,
              (t + Math.max(1, skip)) * frameSeconds,
              confidence,
              vocabulary.isSpecial(token)));
      lastToken = token;
      emitted++;
    }
  }

  static int argmax(float[] values, int from, int to) {
    int best = from;
    for (int i = from + 1; i < to; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Softmax probability of {@code index} among the {@code v} logits starting at {@code offset}. */
  static float softmaxProbability(float[] logits, int offset, int v, int index) {
    double max = logits[offset + index];
    for (int i = offset; i < offset + v; i++) {
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = offset; i < offset + v; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return (float) (Math.exp(logits[offset + index] - max) / sum);
  }
}
