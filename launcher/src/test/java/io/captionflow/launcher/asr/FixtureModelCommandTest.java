package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fixture-model --kind synthetic-cache-aware}: its files, chunk size and bad options. */
class FixtureModelCommandTest {

  @TempDir Path dir;

  @Test
  void writesATinyCacheAwareModelForTheChunkAsked() throws Exception {
    Path model = dir.resolve("cache-aware");

    CliRun run =
        CliRun.of(
            "fixture-model",
            "--kind",
            "synthetic-cache-aware",
            "--tiny",
            "--chunk-ms",
            "560",
            "--seed",
            "4",
            model.toString());

    assertEquals(0, run.exit(), run.err());
    assertEquals(
        "wrote synthetic cache-aware model to "
            + model
            + " (encoder.onnx, encoder.data, decoder.onnx, joiner.onnx, tokens.txt): 2 layers of"
            + " width 32, left context 6, 560 ms chunks (window_size 65, chunk_shift 56), 41"
            + " tokens, seed 4; random weights, so transcripts are meaningless\n",
        run.out());
    try (Stream<Path> files = Files.list(model)) {
      assertEquals(
          List.of("decoder.onnx", "encoder.data", "encoder.onnx", "joiner.onnx", "tokens.txt"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession encoder = env.createSession(model.resolve("encoder.onnx").toString(), options)) {
      Map<String, String> metadata = encoder.getMetadata().getCustomMetadata();
      assertEquals("65", metadata.get("window_size"));
      assertEquals("56", metadata.get("chunk_shift"));
    }
  }

  @Test
  void refusesAChunkSizeTheExportDoesNotHave() {
    CliRun run =
        CliRun.of(
            "fixture-model",
            "--kind",
            "synthetic-cache-aware",
            "--chunk-ms",
            "100",
            dir.resolve("m").toString());

    assertEquals(2, run.exit());
    assertEquals(
        "cache-aware chunk size must be one of [80, 160, 320, 560, 1120] ms, got 100",
        run.err().lines().findFirst().orElse(""));
  }

  @Test
  void refusesCacheAwareOptionsForOtherKinds() {
    CliRun run = CliRun.of("fixture-model", "--tiny", dir.resolve("m").toString());

    assertEquals(2, run.exit());
    assertEquals(
        "--chunk-ms and --tiny apply to --kind synthetic-cache-aware only, got --kind tone",
        run.err().lines().findFirst().orElse(""));
  }
}
