package io.captionflow.inference.parakeet;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What to load and where to run it. Immutable; build it from flags or from the environment ({@code
 * PARAKEET_MODEL_DIR}, {@code CAPTIONFLOW_DEVICE}).
 *
 * @param intraOpThreads ONNX Runtime threads per call; 0 lets ONNX Runtime decide
 */
public record RecognizerConfig(
    Path modelDir, Precision precision, Device device, int intraOpThreads) {

  public enum Precision {
    FP32,
    INT8
  }

  public enum Device {
    CPU,
    CUDA
  }

  /** Where {@code download-model} puts the real model by default. */
  public static final Path DEFAULT_MODEL_DIR =
      Path.of(
          System.getProperty("user.home"),
          ".cache",
          "captionflow",
          "models",
          "parakeet-tdt-0.6b-v3");

  public RecognizerConfig {
    if (modelDir == null) {
      throw new IllegalArgumentException("model directory is required");
    }
    precision = precision == null ? Precision.FP32 : precision;
    device = device == null ? Device.CPU : device;
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
  }

  public static RecognizerConfig of(Path modelDir) {
    return new RecognizerConfig(modelDir, Precision.FP32, Device.CPU, 0);
  }

  /**
   * {@code PARAKEET_MODEL_DIR} (else the default cache dir) and {@code CAPTIONFLOW_DEVICE}
   * (cpu|cuda).
   */
  public static RecognizerConfig fromEnvironment(Map<String, String> env) {
    String dir = env.get("PARAKEET_MODEL_DIR");
    Path modelDir = dir == null || dir.isBlank() ? DEFAULT_MODEL_DIR : Path.of(dir);
    return new RecognizerConfig(
        modelDir, Precision.FP32, parseDevice(env.get("CAPTIONFLOW_DEVICE")), 0);
  }

  public static Device parseDevice(String value) {
    if (value == null || value.isBlank()) {
      return Device.CPU;
    }
    try {
      return Device.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("device must be cpu or cuda, got '" + value + "'");
    }
  }

  public static Precision parsePrecision(String value) {
    try {
      return Precision.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("precision must be fp32 or int8, got '" + value + "'");
    }
  }

  public RecognizerConfig withPrecision(Precision p) {
    return new RecognizerConfig(modelDir, p, device, intraOpThreads);
  }

  public RecognizerConfig withDevice(Device d) {
    return new RecognizerConfig(modelDir, precision, d, intraOpThreads);
  }

  public RecognizerConfig withIntraOpThreads(int threads) {
    return new RecognizerConfig(modelDir, precision, device, threads);
  }
}
