package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.parakeet.ModelDownloader;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** demo --precision: refused before anything starts when the value or the files are wrong. */
class DemoPrecisionTest {

  private record Run(int exit, String err) {}

  private static Run demo(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(cli.execute(args), err.toString());
  }

  @Test
  void anUnknownPrecisionIsOneLine() {
    Run run = demo("--precision", "fp8");
    assertEquals(2, run.exit());
    assertEquals("error: precision must be one of fp32, fp16, int8, got 'fp8'\n", run.err());
  }

  @Test
  void aModelDirectoryWithoutThePrecisionsFilesNamesTheOnesItHas(@TempDir Path dir) {
    ToneLanguageFixture.write(dir, io.captionflow.asr.parakeet.RecognizerConfig.Precision.INT8);
    Run run = demo("--precision", "fp16", "--model", dir.toString());
    assertEquals(3, run.exit());
    assertEquals(
        "error: model directory "
            + dir
            + " has no encoder-model.fp16.onnx (the int8 files are there: use --precision int8)\n",
        run.err());
  }

  @Test
  void fp16IsNeverDownloaded() {
    Run run = demo("--precision", "fp16");
    assertEquals(3, run.exit());
    assertTrue(run.err().startsWith("error: no fp16 model in "), run.err());
    assertTrue(run.err().endsWith("; " + ModelDownloader.NO_FP16_DOWNLOAD + "\n"), run.err());
  }
}
