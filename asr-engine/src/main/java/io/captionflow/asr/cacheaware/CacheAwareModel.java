package io.captionflow.asr.cacheaware;

import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.asr.parakeet.RecognizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a cache-aware streaming transducer export as sherpa-onnx publishes it: {@code
 * encoder[.int8].onnx}, {@code decoder[.int8].onnx}, {@code joiner[.int8].onnx} and {@code
 * tokens.txt}.
 */
public record CacheAwareModel(Path dir, Path encoder, Path decoder, Path joiner, Path tokens) {

  public static final String TOKENS = "tokens.txt";

  /** True when {@code dir} has this layout's tokens file and an encoder of some precision. */
  public static boolean looksLike(Path dir) {
    if (!Files.isRegularFile(dir.resolve(TOKENS))) {
      return false;
    }
    for (RecognizerConfig.Precision p : RecognizerConfig.Precision.values()) {
      if (Files.isRegularFile(dir.resolve(fileName("encoder", p)))) {
        return true;
      }
    }
    return false;
  }

  /** encoder.onnx, encoder.int8.onnx, encoder.fp16.onnx (and the same for decoder and joiner). */
  static String fileName(String stem, RecognizerConfig.Precision p) {
    return p == RecognizerConfig.Precision.FP32 ? stem + ".onnx" : stem + "." + p.id() + ".onnx";
  }

  /** The files of {@code precision}; every missing one is a line of the exception's message. */
  public static CacheAwareModel open(Path dir, RecognizerConfig.Precision precision) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model directory " + dir + " does not exist");
    }
    List<String> problems = new ArrayList<>();
    Path encoder = require(dir, fileName("encoder", precision), problems);
    Path decoder = require(dir, fileName("decoder", precision), problems);
    Path joiner = require(dir, fileName("joiner", precision), problems);
    Path tokens = require(dir, TOKENS, problems);
    if (!problems.isEmpty()) {
      throw problems(dir, problems);
    }
    return new CacheAwareModel(dir, encoder, decoder, joiner, tokens);
  }

  private static Path require(Path dir, String name, List<String> problems) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      problems.add(name + " is missing");
    }
    return file;
  }

  /** One exception listing every problem on its own line. */
  static ModelLoadException problems(Path dir, List<String> problems) {
    return new ModelLoadException(
        "cache-aware streaming model in "
            + dir
            + " cannot be used ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  "
            + String.join("\n  ", problems));
  }
}
