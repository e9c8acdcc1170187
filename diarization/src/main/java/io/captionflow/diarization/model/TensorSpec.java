package io.captionflow.diarization.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * One input or output the model must declare: name, element type, and per-axis size ({@link #ANY}
 * for an axis that may be dynamic or of any size).
 */
record TensorSpec(String name, OnnxJavaType type, long[] dims, String[] axisNames) {

  static final long ANY = -1;

  static TensorSpec of(String name, OnnxJavaType type, Object... axes) {
    long[] dims = new long[axes.length];
    String[] names = new String[axes.length];
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] instanceof Integer n) {
        dims[i] = n;
        names[i] = String.valueOf(n);
      } else {
        dims[i] = ANY;
        names[i] = (String) axes[i];
      }
    }
    return new TensorSpec(name, type, dims, names);
  }

  String expected() {
    return type + " rank " + dims.length + " " + Arrays.toString(axisNames);
  }

  /** Empty when {@code declared} carries this tensor as specified, else why not (one line). */
  Optional<String> mismatch(String kind, Map<String, NodeInfo> declared) {
    NodeInfo node = declared.get(name);
    if (node == null) {
      return Optional.of(
          "missing "
              + kind
              + " '"
              + name
              + "' (expected "
              + expected()
              + "); the model has "
              + kind
              + "s "
              + declared.keySet());
    }
    if (!(node.getInfo() instanceof TensorInfo info)) {
      return Optional.of(kind + " '" + name + "' is not a tensor (expected " + expected() + ")");
    }
    long[] shape = info.getShape();
    boolean ok = info.type == type && shape.length == dims.length;
    for (int i = 0; ok && i < dims.length; i++) {
      ok = dims[i] == ANY || shape[i] < 0 || shape[i] == dims[i];
    }
    if (!ok) {
      return Optional.of(
          kind
              + " '"
              + name
              + "' must be "
              + expected()
              + ", found "
              + info.type
              + " rank "
              + shape.length
              + " "
              + Arrays.toString(shape).replace("-1", "?"));
    }
    return Optional.empty();
  }
}
