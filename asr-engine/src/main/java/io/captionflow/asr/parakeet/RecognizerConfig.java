package io.captionflow.asr.parakeet;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.captionflow.asr.OnnxRuntimeEnvironment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to load and where to run it. Immutable; build it from flags or from the environment ({@code
 * PARAKEET_MODEL_DIR}, {@code CAPTIONFLOW_PRECISION}, {@code CAPTIONFLOW_DEVICE}).
 *
 * @param intraOpThreads ONNX Runtime threads per call; 0 lets ONNX Runtime decide
 * @param cudaDevice the CUDA device index used when {@code device} is CUDA ({@code cuda:N}; plain
 *     {@code cuda} is 0)
 */
public record RecognizerConfig(
    Path modelDir, Precision precision, Device device, int intraOpThreads, int cudaDevice) {

  /** Which model files to load: {@code encoder-model[.fp16|.int8].onnx} and the same decoder. */
  public enum Precision {
    FP32,
    FP16,
    INT8;

    /** The name on the command line and in file names: fp32, fp16, int8. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
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

  private static final Pattern DEVICE = Pattern.compile("(cpu|cuda)(?::(\\d{1,4}))?");

  public RecognizerConfig {
    if (modelDir == null) {
      throw new IllegalArgumentException("model directory is required");
    }
    precision = precision == null ? Precision.FP32 : precision;
    device = device == null ? Device.CPU : device;
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
    if (cudaDevice < 0) {
      throw new IllegalArgumentException("CUDA device index must be >= 0, got " + cudaDevice);
    }
  }

  /** On CUDA device 0 when the device is CUDA. */
  public RecognizerConfig(Path modelDir, Precision precision, Device device, int intraOpThreads) {
    this(modelDir, precision, device, intraOpThreads, 0);
  }

  /**
   * An ONNX Runtime session for {@code file} on this config's device and threads, on the shared
   * thread pool; opened by path, so an fp32 model's external weights beside it are found.
   */
  public OrtSession openSession(Path file) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      if (device == Device.CUDA) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          throw new ModelLoadException(
              "CUDA was requested (CAPTIONFLOW_DEVICE="
                  + deviceId()
                  + ") but this ONNX Runtime build has"
                  + " no CUDA execution provider: build with 'mvn -Pgpu' (onnxruntime_gpu) and install CUDA 12 + cuDNN 9,"
                  + " or use the CPU");
        }
        options.addCUDA(cudaDevice);
      }
      return OnnxRuntimeEnvironment.createSessionOnGlobalPool(file.toString(), options);
    } catch (OrtException e) {
      throw new ModelLoadException(
          "cannot load " + file + ": " + ParakeetRecognizer.firstLine(e.getMessage()), e);
    }
  }

  public static RecognizerConfig of(Path modelDir) {
    return new RecognizerConfig(modelDir, Precision.FP32, Device.CPU, 0);
  }

  /**
   * {@code PARAKEET_MODEL_DIR} (else the default cache dir), {@code CAPTIONFLOW_PRECISION}
   * (fp32|fp16|int8, default fp32) and {@code CAPTIONFLOW_DEVICE} (cpu|cuda|cuda:N).
   */
  public static RecognizerConfig fromEnvironment(Map<String, String> env) {
    String dir = env.get("PARAKEET_MODEL_DIR");
    Path modelDir = dir == null || dir.isBlank() ? DEFAULT_MODEL_DIR : Path.of(dir);
    String precision = env.get("CAPTIONFLOW_PRECISION");
    String device = env.get("CAPTIONFLOW_DEVICE");
    return new RecognizerConfig(
        modelDir,
        precision == null || precision.isBlank() ? Precision.FP32 : parsePrecision(precision),
        parseDevice(device),
        0,
        parseCudaDevice(device));
  }

  /** {@code cpu}, {@code cuda} or {@code cuda:N}; blank is the CPU. */
  public static Device parseDevice(String value) {
    return value == null || value.isBlank()
        ? Device.CPU
        : Device.valueOf(device(value).group(1).toUpperCase(Locale.ROOT));
  }

  /** The N of {@code cuda:N}; 0 for {@code cuda}, {@code cpu} or blank. */
  public static int parseCudaDevice(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    String index = device(value).group(2);
    return index == null ? 0 : Integer.parseInt(index);
  }

  private static Matcher device(String value) {
    Matcher m = DEVICE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(1).equals("cpu") && m.group(2) != null)) {
      throw new IllegalArgumentException(
          "device must be cpu, cuda or cuda:N (N = CUDA device index), got '" + value + "'");
    }
    return m;
  }

  public static Precision parsePrecision(String value) {
    try {
      return Precision.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "precision must be one of "
              + String.join(", ", Arrays.stream(Precision.values()).map(Precision::id).toList())
              + ", got '"
              + value
              + "'");
    }
  }

  /** {@code cpu}, or {@code cuda:N}: the form {@link #parseDevice} reads back. */
  public String deviceId() {
    return device == Device.CPU ? "cpu" : "cuda:" + cudaDevice;
  }

  public RecognizerConfig withPrecision(Precision p) {
    return new RecognizerConfig(modelDir, p, device, intraOpThreads, cudaDevice);
  }

  public RecognizerConfig withDevice(Device d) {
    return new RecognizerConfig(modelDir, precision, d, intraOpThreads, cudaDevice);
  }

  /** {@code cpu}, {@code cuda} or {@code cuda:N}. */
  public RecognizerConfig withDevice(String value) {
    return new RecognizerConfig(
        modelDir, precision, parseDevice(value), intraOpThreads, parseCudaDevice(value));
  }

  public RecognizerConfig withIntraOpThreads(int threads) {
    return new RecognizerConfig(modelDir, precision, device, threads, cudaDevice);
  }
}
