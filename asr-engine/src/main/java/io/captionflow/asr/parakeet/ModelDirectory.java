package io.captionflow.asr.parakeet;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a Parakeet TDT ONNX export (layout of {@code istupakov/parakeet-tdt-0.6b-v3-onnx})
 * and the checks that they fit together. Every failure is a {@link ModelLoadException} naming the
 * file or tensor and what was expected.
 */
public record ModelDirectory(
    Path dir,
    Path encoder,
    Path decoderJoint,
    Vocabulary vocabulary,
    int features,
    int subsamplingFactor,
    int maxTokensPerStep) {

  public static final String VOCAB = "vocab.txt";
  public static final String CONFIG = "config.json";

  /** One expected model input or output. */
  record TensorSpec(String name, OnnxJavaType type, int rank, String shape) {}

  static final List<TensorSpec> ENCODER_INPUTS =
      List.of(
          new TensorSpec("audio_signal", OnnxJavaType.FLOAT, 3, "[B, 128, T]"),
          new TensorSpec("length", OnnxJavaType.INT64, 1, "[B]"));
  static final List<TensorSpec> ENCODER_OUTPUTS =
      List.of(
          new TensorSpec("outputs", OnnxJavaType.FLOAT, 3, "[B, 1024, T']"),
          new TensorSpec("encoded_lengths", OnnxJavaType.INT64, 1, "[B]"));
  static final List<TensorSpec> DECODER_INPUTS =
      List.of(
          new TensorSpec("encoder_outputs", OnnxJavaType.FLOAT, 3, "[B, 1024, 1]"),
          new TensorSpec("targets", OnnxJavaType.INT32, 2, "[B, 1]"),
          new TensorSpec("target_length", OnnxJavaType.INT32, 1, "[B]"),
          new TensorSpec("input_states_1", OnnxJavaType.FLOAT, 3, "[2, B, 640]"),
          new TensorSpec("input_states_2", OnnxJavaType.FLOAT, 3, "[2, B, 640]"));
  static final List<TensorSpec> DECODER_OUTPUTS =
      List.of(
          new TensorSpec("outputs", OnnxJavaType.FLOAT, 4, "[B, 1, 1, V + 5]"),
          new TensorSpec("prednet_lengths", null, 1, "[B]"),
          new TensorSpec("output_states_1", OnnxJavaType.FLOAT, 3, "[2, B, 640]"),
          new TensorSpec("output_states_2", OnnxJavaType.FLOAT, 3, "[2, B, 640]"));

  /** encoder-model.onnx, encoder-model.fp16.onnx or encoder-model.int8.onnx. */
  public static String encoderFile(RecognizerConfig.Precision p) {
    return fileName("encoder-model", p);
  }

  public static String decoderJointFile(RecognizerConfig.Precision p) {
    return fileName("decoder_joint-model", p);
  }

  // fp32 is the export's unsuffixed file; other precisions follow its int8 naming (onnx-asr's)
  private static String fileName(String stem, RecognizerConfig.Precision p) {
    return p == RecognizerConfig.Precision.FP32 ? stem + ".onnx" : stem + "." + p.id() + ".onnx";
  }

  /**
   * Checks the files are there and reads vocab.txt and config.json; tensors are checked once
   * sessions exist.
   */
  public static ModelDirectory open(Path dir, RecognizerConfig.Precision precision) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          "model directory "
              + dir
              + " does not exist (set PARAKEET_MODEL_DIR or --model,"
              + " or run 'captionflow download-model')");
    }
    Path encoder = require(dir, encoderFile(precision), precision);
    Path decoder = require(dir, decoderJointFile(precision), precision);
    Path vocabFile = dir.resolve(VOCAB);
    if (!Files.isRegularFile(vocabFile)) {
      throw new ModelLoadException(
          "model directory " + dir + " has no " + VOCAB + " (one 'piece id' per line)");
    }
    Vocabulary vocabulary = Vocabulary.read(vocabFile);
    int features = 128;
    int subsampling = 8;
    int maxTokens = 10;
    Path config = dir.resolve(CONFIG);
    if (Files.isRegularFile(config)) {
      JsonNode json;
      try {
        json = new ObjectMapper().readTree(config.toFile());
      } catch (IOException e) {
        throw new ModelLoadException(config + " is not valid JSON: " + firstLine(e.getMessage()));
      }
      features = positiveInt(json, "features_size", features, config);
      subsampling = positiveInt(json, "subsampling_factor", subsampling, config);
      maxTokens = positiveInt(json, "max_tokens_per_step", maxTokens, config);
    }
    return new ModelDirectory(dir, encoder, decoder, vocabulary, features, subsampling, maxTokens);
  }

  private static Path require(Path dir, String name, RecognizerConfig.Precision precision) {
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    List<String> present = new ArrayList<>();
    for (RecognizerConfig.Precision other : RecognizerConfig.Precision.values()) {
      String otherName = name.startsWith("encoder") ? encoderFile(other) : decoderJointFile(other);
      if (other != precision && Files.isRegularFile(dir.resolve(otherName))) {
        present.add(other.id());
      }
    }
    String hint =
        present.isEmpty()
            ? ""
            : " (the "
                + String.join(" and ", present)
                + " files are there: use --precision "
                + String.join(" or --precision ", present)
                + ")";
    throw new ModelLoadException("model directory " + dir + " has no " + name + hint);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static int positiveInt(JsonNode json, String field, int fallback, Path file) {
    JsonNode node = json.get(field);
    if (node == null) {
      return fallback;
    }
    if (!node.canConvertToInt() || node.asInt() <= 0) {
      throw new ModelLoadException(
          file + ": '" + field + "' must be a positive integer, found " + node);
    }
    return node.asInt();
  }

  /** Checks the encoder's inputs and outputs against the Parakeet contract. */
  void checkEncoder(OrtSession session) {
    check(encoder, "input", session, ENCODER_INPUTS, true);
    check(encoder, "output", session, ENCODER_OUTPUTS, false);
    long[] shape = shape(session, "audio_signal", true);
    if (shape[1] > 0 && shape[1] != features) {
      throw new ModelLoadException(
          encoder.getFileName()
              + ": input 'audio_signal' has "
              + shape[1]
              + " features, expected "
              + features
              + " (config.json features_size)");
    }
  }

  void checkDecoder(OrtSession session) {
    check(decoderJoint, "input", session, DECODER_INPUTS, true);
    check(decoderJoint, "output", session, DECODER_OUTPUTS, false);
    long width = shape(session, "outputs", false)[3];
    if (width > 0) {
      checkJointWidth(width);
    }
  }

  void checkJointWidth(long width) {
    int v = vocabulary.size();
    if (width != v + 5) {
      throw new ModelLoadException(
          decoderJoint.getFileName()
              + ": output 'outputs' has "
              + width
              + " values per step, expected V + 5 = "
              + (v + 5)
              + " for the "
              + v
              + " pieces of "
              + VOCAB
              + " (wrong vocab.txt for this model?)");
    }
  }

  static long[] shape(OrtSession session, String name, boolean input) {
    try {
      Map<String, NodeInfo> infos = input ? session.getInputInfo() : session.getOutputInfo();
      return ((TensorInfo) infos.get(name).getInfo()).getShape();
    } catch (OrtException e) {
      throw new ModelLoadException(
          "cannot read tensor info of '" + name + "': " + e.getMessage(), e);
    }
  }

  private static void check(
      Path file, String kind, OrtSession session, List<TensorSpec> specs, boolean input) {
    Map<String, NodeInfo> infos;
    try {
      infos = input ? session.getInputInfo() : session.getOutputInfo();
    } catch (OrtException e) {
      throw new ModelLoadException(
          file.getFileName() + ": cannot read " + kind + "s: " + e.getMessage(), e);
    }
    for (TensorSpec spec : specs) {
      NodeInfo info = infos.get(spec.name());
      if (info == null) {
        throw new ModelLoadException(
            file.getFileName()
                + ": no "
                + kind
                + " named '"
                + spec.name()
                + "' "
                + spec.shape()
                + " (it has "
                + String.join(", ", infos.keySet())
                + ")");
      }
      if (!(info.getInfo() instanceof TensorInfo tensor)) {
        throw new ModelLoadException(
            file.getFileName() + ": " + kind + " '" + spec.name() + "' is not a tensor");
      }
      boolean typeOk =
          spec.type() == null
              ? tensor.type == OnnxJavaType.INT32 || tensor.type == OnnxJavaType.INT64
              : tensor.type == spec.type();
      if (!typeOk || tensor.getShape().length != spec.rank()) {
        throw new ModelLoadException(
            file.getFileName()
                + ": "
                + kind
                + " '"
                + spec.name()
                + "' is "
                + tensor.type
                + " of rank "
                + tensor.getShape().length
                + ", expected "
                + (spec.type() == null ? "INT32/INT64" : spec.type())
                + " of rank "
                + spec.rank()
                + " "
                + spec.shape());
      }
    }
  }
}
