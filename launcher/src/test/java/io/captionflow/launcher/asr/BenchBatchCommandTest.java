package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.SyntheticParakeet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --batch} on a tiny synthetic model: one JSON line per batch size. */
class BenchBatchCommandTest {

  @TempDir Path dir;

  @Test
  void printsOneLinePerBatchSizeWithTheTokensTheGateLetsThrough() throws Exception {
    SyntheticParakeet.write(dir, SyntheticParakeet.Shape.tiny(2), 3);

    CliRun run =
        CliRun.of(
            "bench",
            "--batch",
            "--model",
            dir.toString(),
            "--batch-sizes",
            "1,3",
            "--window",
            "2",
            "--repeat",
            "1");

    assertEquals(0, run.exit(), run.err());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertEquals(List.of(1, 3), lines.stream().map(l -> l.get("batch").asInt()).toList());
    assertEquals(List.of(2, 2), lines.stream().map(l -> l.get("layers").asInt()).toList());
    try (ParakeetRecognizer recognizer = ParakeetRecognizer.load(RecognizerConfig.of(dir))) {
      for (JsonNode line : lines) {
        int batch = line.get("batch").asInt();
        List<float[]> windows = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
          windows.add(BatchThroughput.speechLikeNoise(b, 2.0));
        }
        int tokens = 0;
        for (EncodedAudio e : recognizer.encodeBatch(windows)) {
          for (float[] frame : e.frames()) {
            tokens += SyntheticParakeet.emits(frame) ? 1 : 0;
          }
        }
        assertEquals(
            BatchThroughput.round(tokens / (batch * 2.0)),
            line.get("tokensPerAudioSecond").asDouble(),
            "batch " + batch);
      }
    }
  }

  @Test
  void rejectsABatchSizeOfZero() {
    CliRun run = CliRun.of("bench", "--batch", "--batch-sizes", "0");
    assertEquals(2, run.exit());
    assertEquals(
        "--layers, --repeat and every --batch-sizes value must be at least 1, got layers=2"
            + " repeat=2 batch sizes=[0]",
        run.err().lines().findFirst().orElse(""));
  }

  @Test
  void runsOnTheDeviceAndPrecisionItIsGivenAndSaysWhichInEachLine() throws Exception {
    SyntheticParakeet.write(dir, SyntheticParakeet.Shape.tiny(1), 3);
    Files.move(dir.resolve("encoder-model.onnx"), dir.resolve("encoder-model.int8.onnx"));
    Files.move(
        dir.resolve("decoder_joint-model.onnx"), dir.resolve("decoder_joint-model.int8.onnx"));
    CliRun run =
        CliRun.of(
            "bench",
            "--batch",
            "--model",
            dir.toString(),
            "--precision",
            "int8",
            "--device",
            "cpu",
            "--batch-sizes",
            "2",
            "--window",
            "1",
            "--repeat",
            "1");
    assertEquals(0, run.exit(), run.err());
    JsonNode line = new ObjectMapper().readTree(run.out().lines().findFirst().orElseThrow());
    assertEquals("cpu", line.get("device").asText());
    assertEquals("int8", line.get("precision").asText());
  }

  @Test
  void aBadDeviceOrAPrecisionTheGeneratedModelLacksIsRefused() {
    CliRun device = CliRun.of("bench", "--batch", "--device", "tpu");
    assertEquals(2, device.exit());
    assertEquals(
        "device must be cpu, cuda or cuda:N (N = CUDA device index), got 'tpu'",
        device.err().lines().findFirst().orElse(""));
    CliRun fp16 = CliRun.of("bench", "--batch", "--precision", "fp16");
    assertEquals(2, fp16.exit());
    assertEquals(
        "the generated synthetic model is fp32: --precision fp16 needs --model DIR with those"
            + " files",
        fp16.err().lines().findFirst().orElse(""));
  }
}
