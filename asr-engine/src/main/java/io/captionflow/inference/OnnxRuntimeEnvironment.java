package io.captionflow.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM's one ONNX Runtime environment, and the only way our models create sessions. Both happen
 * on a thread with a large stack: creating the environment recurses deeper than the 1 MB default
 * stack of a Flink task thread, which kills the JVM with SIGSEGV and no error report.
 */
public final class OnnxRuntimeEnvironment {

  private static final long STACK_BYTES = 64L << 20;

  private OnnxRuntimeEnvironment() {}

  public static OrtEnvironment get() {
    try {
      return onLargeStack("create the ONNX Runtime environment", OrtEnvironment::getEnvironment);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot create the ONNX Runtime environment: " + e.getMessage(), e);
    }
  }

  public static OrtSession createSession(String modelPath, OrtSession.SessionOptions options)
      throws OrtException {
    OrtEnvironment env = get();
    return onLargeStack("load " + modelPath, () -> env.createSession(modelPath, options));
  }

  private interface NativeCall<T> {
    T call() throws OrtException;
  }

  private static <T> T onLargeStack(String what, NativeCall<T> call) throws OrtException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                result.set(call.call());
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "onnxruntime-loader",
            STACK_BYTES);
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    }
    Throwable t = failure.get();
    if (t instanceof OrtException e) {
      throw e;
    } else if (t instanceof RuntimeException e) {
      throw e;
    } else if (t instanceof Error e) {
      throw e;
    }
    return result.get();
  }
}
