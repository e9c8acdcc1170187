package io.captionflow.diarization.streaming;

import java.util.Arrays;

/** Frame-major float array slicing for the streaming state. */
final class FrameArrays {

  private FrameArrays() {}

  static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Frames {@code [from, to)} of a frame-major array with {@code width} values per frame. */
  static float[] frames(float[] a, int width, int from, int to) {
    return Arrays.copyOfRange(a, from * width, to * width);
  }
}
