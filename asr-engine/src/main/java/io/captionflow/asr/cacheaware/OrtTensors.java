package io.captionflow.asr.cacheaware;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * The tensors the export's models take and give, bound by position: inputs wrapped from flat
 * arrays, outputs read back whole with their size checked.
 */
final class OrtTensors {

  private final OrtEnvironment env;

  OrtTensors(OrtEnvironment env) {
    this.env = env;
  }

  OnnxTensor floats(float[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
  }

  OnnxTensor longs(long[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
  }

  OnnxTensor ints(int[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, IntBuffer.wrap(data), shape);
  }

  /** Output {@code index}'s values, which must number {@code expected}. */
  static float[] readFloats(OrtSession.Result out, int index, int expected) {
    FloatBuffer b = ((OnnxTensor) out.get(index)).getFloatBuffer();
    if (b.remaining() != expected) {
      throw new IllegalStateException(
          "model output #" + index + " has " + b.remaining() + " values, expected " + expected);
    }
    float[] v = new float[expected];
    b.get(v);
    return v;
  }

  /** Output {@code index}'s first {@code expected} values, int32 or int64 in the export. */
  static long[] readLongs(OrtSession.Result out, int index, int expected) {
    OnnxTensor t = (OnnxTensor) out.get(index);
    long[] v = new long[expected];
    if (t.getInfo().type == OnnxJavaType.INT32) {
      IntBuffer b = t.getIntBuffer();
      for (int i = 0; i < expected; i++) {
        v[i] = b.get(i);
      }
    } else {
      t.getLongBuffer().get(v);
    }
    return v;
  }
}
