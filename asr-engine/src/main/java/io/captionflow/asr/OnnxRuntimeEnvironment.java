package io.captionflow.asr;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one ONNX Runtime environment, and the only way our models create sessions. Both happen
 * on a thread with a large stack: creating the environment recurses deeper than the 1 MB default
 * stack of a Flink task thread, which kills the JVM with SIGSEGV and no error report.
 *
 * <p>The environment may own a global intra-op thread pool ({@link #requestGlobalThreads}) that
 * every session of a shared model runs on ({@link #createSessionOnGlobalPool}): one pool per task
 * manager however many slots share the model, instead of one per session. ONNX Runtime fixes it
 * when the environment is created, so the first request before any model loads decides.
 */
public final class OnnxRuntimeEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeEnvironment.class);
  private static final long STACK_BYTES = 64L << 20;

  /** Threads asked for before the environment existed; 0: ONNX Runtime's per-session pools. */
  private static int requestedThreads;

  /** The global pool's size the environment was created with, or -1 before it exists. */
  private static int globalThreads = -1;

  private OnnxRuntimeEnvironment() {}

  public static OrtEnvironment get() {
    try {
      return onLargeStack("create the ONNX Runtime environment", OnnxRuntimeEnvironment::create);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot create the ONNX Runtime environment: " + e.getMessage(), e);
    }
  }

  /**
   * Asks for a global intra-op pool of {@code threads} threads (0: ONNX Runtime's defaults, a pool
   * per session). Takes effect only before the environment exists and only if no different size was
   * asked for first; otherwise it logs a warning naming both sizes and changes nothing.
   *
   * @return the size in force: the one the environment has or will be created with
   */
  public static synchronized int requestGlobalThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "ONNX Runtime threads must be >= 0 (0 = ONNX Runtime's default), got " + threads);
    }
    int inForce = globalThreads >= 0 ? globalThreads : requestedThreads;
    if (threads == inForce) {
      return inForce;
    }
    if (globalThreads < 0 && requestedThreads == 0) {
      requestedThreads = threads;
      return threads;
    }
    LOG.warn(
        "ONNX Runtime's global thread pool stays at {} (one environment per JVM, sized once, by"
            + " the first model this task manager loaded); the request for {} is ignored:"
            + " restart the task manager to change it",
        describe(inForce),
        describe(threads));
    return inForce;
  }

  /** The global pool's size: -1 before the environment exists, 0 when it has none. */
  public static synchronized int globalThreads() {
    return globalThreads;
  }

  /** A session with its own thread settings (as {@code options} say). */
  public static OrtSession createSession(String modelPath, OrtSession.SessionOptions options)
      throws OrtException {
    OrtEnvironment env = get();
    return onLargeStack("load " + modelPath, () -> env.createSession(modelPath, options));
  }

  /**
   * A session of a model shared by every slot: on the global pool when the environment has one (its
   * per-session thread settings are then unused), else as {@link #createSession}.
   */
  public static OrtSession createSessionOnGlobalPool(
      String modelPath, OrtSession.SessionOptions options) throws OrtException {
    OrtEnvironment env = get();
    if (globalThreads() > 0) {
      options.disablePerSessionThreads();
    }
    return onLargeStack("load " + modelPath, () -> env.createSession(modelPath, options));
  }

  private static synchronized OrtEnvironment create() throws OrtException {
    if (globalThreads >= 0) {
      return OrtEnvironment.getEnvironment();
    }
    if (requestedThreads == 0) {
      globalThreads = 0;
      return OrtEnvironment.getEnvironment();
    }
    try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
      threading.setGlobalIntraOpNumThreads(requestedThreads);
      // sessions run their graphs sequentially; an inter-op pool would only hold idle threads
      threading.setGlobalInterOpNumThreads(1);
      OrtEnvironment env =
          OrtEnvironment.getEnvironment(
              OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, OrtEnvironment.DEFAULT_NAME, threading);
      globalThreads = requestedThreads;
      LOG.info("ONNX Runtime environment with a global pool of {} intra-op threads", globalThreads);
      return env;
    } catch (IllegalStateException e) {
      if (e.getCause() != null) {
        throw e; // the native environment could not be created at all
      }
      // someone called OrtEnvironment.getEnvironment() directly first: it has no global pool
      LOG.warn(
          "ONNX Runtime's environment was created elsewhere without a global thread pool; the"
              + " request for {} is ignored",
          describe(requestedThreads));
      globalThreads = 0;
      return OrtEnvironment.getEnvironment();
    }
  }

  private static String describe(int threads) {
    return threads == 0 ? "ONNX Runtime's default (a pool per session)" : threads + " threads";
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
