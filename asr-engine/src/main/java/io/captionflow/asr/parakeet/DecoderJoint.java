package io.captionflow.asr.parakeet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder+joint network of a Parakeet TDT export: its shapes, read from the files, and one call
 * of it for a batch of rows (a {@link Step}).
 */
final class DecoderJoint {

  private static final Logger LOG = LoggerFactory.getLogger(DecoderJoint.class);

  private final OrtEnvironment env;
  private final OrtSession decoder;
  private final int encoderDim;
  private final int stateLayers;
  private final int stateHidden;
  private final boolean batched;

  DecoderJoint(ModelDirectory model, OrtEnvironment env, OrtSession encoder, OrtSession decoder) {
    this.env = env;
    this.decoder = decoder;
    long[] encIn = ModelDirectory.shape(decoder, "encoder_outputs", true);
    long[] encOut = ModelDirectory.shape(encoder, "outputs", false);
    this.encoderDim = (int) (encIn[1] > 0 ? encIn[1] : encOut[1] > 0 ? encOut[1] : 1024);
    long[] s = ModelDirectory.shape(decoder, "input_states_1", true);
    this.stateLayers = (int) (s[0] > 0 ? s[0] : 2);
    this.stateHidden = (int) (s[2] > 0 ? s[2] : 640);
    this.batched =
        encIn[0] != 1
            && s[1] != 1
            && ModelDirectory.shape(decoder, "targets", true)[0] != 1
            && ModelDirectory.shape(decoder, "input_states_2", true)[1] != 1;
    if (!batched) {
      LOG.info(
          "{} takes batch 1 only (encoder_outputs {}, input_states_1 {}): decodeBatch runs one"
              + " decoder call per row and step",
          model.decoderJoint().getFileName(),
          Arrays.toString(encIn),
          Arrays.toString(s));
    }
  }

  /** False when the export fixes the batch at 1. */
  boolean batched() {
    return batched;
  }

  int encoderDim() {
    return encoderDim;
  }

  int stateLayers() {
    return stateLayers;
  }

  int stateHidden() {
    return stateHidden;
  }

  /** The joint's output width, often symbolic in the file: one step on zeros tells the truth. */
  int probeWidth(int blank) {
    int layerSize = stateLayers * stateHidden;
    try (Step step =
        step(
            new float[encoderDim],
            new int[] {blank},
            new float[layerSize],
            new float[layerSize],
            1)) {
      return step.width;
    }
  }

  /**
   * One decoder+joint call for {@code b} rows: frames [b, dim, 1], last tokens [b, 1], states
   * [layers, b, hidden] each.
   */
  Step step(float[] frames, int[] lastTokens, float[] states1, float[] states2, int b) {
    long[] stateShape = {stateLayers, b, stateHidden};
    int[] targetLengths = new int[b];
    Arrays.fill(targetLengths, 1);
    try (OnnxTensor enc =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(frames), new long[] {b, frames.length / b, 1});
        OnnxTensor targets =
            OnnxTensor.createTensor(env, IntBuffer.wrap(lastTokens), new long[] {b, 1});
        OnnxTensor targetLength =
            OnnxTensor.createTensor(env, IntBuffer.wrap(targetLengths), new long[] {b});
        OnnxTensor in1 = OnnxTensor.createTensor(env, FloatBuffer.wrap(states1), stateShape);
        OnnxTensor in2 = OnnxTensor.createTensor(env, FloatBuffer.wrap(states2), stateShape)) {
      OrtSession.Result result =
          decoder.run(
              Map.of(
                  "encoder_outputs",
                  enc,
                  "targets",
                  targets,
                  "target_length",
                  targetLength,
                  "input_states_1",
                  in1,
                  "input_states_2",
                  in2));
      return new Step(result);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "decoder_joint failed: " + ParakeetRecognizer.firstLine(e.getMessage()), e);
    }
  }

  /** The outputs of one decoder+joint call, closed after use. */
  static final class Step implements AutoCloseable {
    final OrtSession.Result result;
    final float[] logits;
    final int width;
    private final FloatBuffer[] states = new FloatBuffer[2];

    Step(OrtSession.Result result) {
      this.result = result;
      OnnxTensor out = (OnnxTensor) result.get("outputs").orElseThrow();
      FloatBuffer buffer = out.getFloatBuffer();
      this.logits = new float[buffer.remaining()];
      buffer.get(logits);
      this.width = logits.length;
    }

    /** Row {@code i}'s [layers, 1, hidden] slice of output state [layers, b, hidden]. */
    float[] rowState(int which, int i, int b, int layers, int hidden) {
      if (states[which - 1] == null) {
        // getFloatBuffer copies the whole [layers, b, hidden] tensor: once per step, not per row
        states[which - 1] =
            ((OnnxTensor) result.get("output_states_" + which).orElseThrow()).getFloatBuffer();
      }
      FloatBuffer buffer = states[which - 1];
      float[] copy = new float[layers * hidden];
      for (int layer = 0; layer < layers; layer++) {
        buffer.get((layer * b + i) * hidden, copy, layer * hidden, hidden);
      }
      return copy;
    }

    @Override
    public void close() {
      result.close();
    }
  }
}
