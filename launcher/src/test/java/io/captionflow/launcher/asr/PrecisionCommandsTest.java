package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.captionflow.asr.parakeet.ModelDownloader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --precision on fixture-model, transcribe and download-model. */
class PrecisionCommandsTest {

  @TempDir Path dir;

  @Test
  void anInt8FixtureTranscribesWithPrecisionInt8() throws Exception {
    Path fx = dir.resolve("fx");
    CliRun written = CliRun.of("fixture-model", "--precision", "int8", fx.toString());
    assertEquals(0, written.exit(), written.err());
    assertEquals(
        "wrote tone fixture model to "
            + fx
            + " (encoder-model.int8.onnx, decoder_joint-model.int8.onnx, vocab.txt, config.json,"
            + " sample.wav, sample.expected.json, sample.expected.txt)",
        written.out().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(fx.resolve("encoder-model.onnx")));

    CliRun run =
        CliRun.of(
            "transcribe",
            fx.resolve("sample.wav").toString(),
            "--model",
            fx.toString(),
            "--precision",
            "int8");
    assertEquals(0, run.exit(), run.err());
    assertEquals(Files.readString(fx.resolve("sample.expected.txt")), run.out());

    CliRun fp32 =
        CliRun.of("transcribe", fx.resolve("sample.wav").toString(), "--model", fx.toString());
    assertEquals(2, fp32.exit());
    assertEquals(
        "error: model directory "
            + fx
            + " has no encoder-model.onnx (the int8 files are there: use --precision int8)\n",
        fp32.err());
  }

  @Test
  void aBadPrecisionIsOneLine() {
    CliRun run =
        CliRun.of(
            "transcribe", dir.resolve("a.wav").toString(), "--model", "m", "--precision", "fp8");
    assertEquals(2, run.exit());
    assertEquals("error: precision must be one of fp32, fp16, int8, got 'fp8'\n", run.err());
  }

  @Test
  void fp16CannotBeDownloadedAndSaysHowToMakeIt() {
    CliRun run =
        CliRun.of(
            "download-model",
            "--dir",
            dir.toString(),
            "--precision",
            "fp16",
            "--endpoint",
            "http://127.0.0.1:9");
    assertEquals(2, run.exit());
    assertEquals("error: " + ModelDownloader.NO_FP16_DOWNLOAD + "\n", run.err());
  }

  @Test
  void onlyTheToneFixtureTakesAPrecision() {
    CliRun run =
        CliRun.of("fixture-model", "--kind", "wavering", "--precision", "int8", dir.toString());
    assertEquals(2, run.exit());
    assertEquals(
        "--precision applies to --kind tone only, got --kind wavering",
        run.err().lines().findFirst().orElse(""));
  }
}
