package io.captionflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.audio.WavReader;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.job.inference.SharedModels;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The session-end, ordering and model flags reach the job's configuration. */
class JobOptionsTest {

  static JobConfig parse(String... args) {
    JobOptions options = new JobOptions();
    new CommandLine(options).parseArgs(args);
    return options.config();
  }

  @Test
  void withoutFlagsTheDocumentedDefaultsApply() {
    JobConfig c = parse();
    assertEquals(64, c.reorderWindow());
    assertEquals(Duration.ofSeconds(30), c.caughtUpAfter());
    assertEquals(Duration.ofMinutes(5), c.idleExpiry());
    assertEquals(Duration.ofSeconds(5), c.endGrace());
  }

  @Test
  void theClusterEntryReadsTheSameFlags() {
    CaptionFlowJob.InCluster entry = new CaptionFlowJob.InCluster();
    new CommandLine(entry).parseArgs("--reorder-window", "16", "--end-grace", "PT2S");
    assertEquals(16, entry.options.config().reorderWindow());
    assertEquals(Duration.ofSeconds(2), entry.options.config().endGrace());
  }

  @Test
  void eachFlagSetsItsSetting() {
    JobConfig c =
        parse(
            "--reorder-window", "16",
            "--caught-up-after", "PT10S",
            "--idle-expiry", "PT20S",
            "--end-grace", "PT2S");
    assertEquals(16, c.reorderWindow());
    assertEquals(Duration.ofSeconds(10), c.caughtUpAfter());
    assertEquals(Duration.ofSeconds(20), c.idleExpiry());
    assertEquals(Duration.ofSeconds(2), c.endGrace());
  }

  @Test
  void precisionInt8LoadsAnInt8OnlyModelDirectory(@TempDir Path dir) throws Exception {
    ToneLanguageFixture.write(dir, RecognizerConfig.Precision.INT8);
    JobConfig c = parse("--model", dir.toString(), "--precision", "int8");
    assertEquals("int8", c.models().precision());
    try (SharedModels.Lease<SpeechRecognizer> recognizer = c.models().acquireRecognizer()) {
      float[] sample = WavReader.read(dir.resolve("sample.wav")).samples();
      assertEquals(ToneLanguageFixture.SAMPLE_TEXT, recognizer.model().transcribe(sample).text());
    }
    ModelLoadException fp32 =
        assertThrows(
            ModelLoadException.class,
            () -> parse("--model", dir.toString()).models().acquireRecognizer().close());
    assertEquals(
        "model directory "
            + dir
            + " has no encoder-model.onnx (the int8 files are there: use --precision int8)",
        fp32.getMessage());
  }

  @Test
  void aPrecisionThatIsNoneOfTheThreeIsAClearError() {
    assertEquals(
        "precision must be one of fp32, fp16, int8, got 'int4'",
        assertThrows(IllegalArgumentException.class, () -> parse("--precision", "int4"))
            .getMessage());
  }

  @Test
  void deviceAndOrtThreadsReachTheModels() {
    JobConfig c = parse("--device", "cuda:1", "--ort-threads", "6", "--precision", "fp16");
    assertEquals("cuda:1", c.models().device());
    assertEquals(1, c.models().recognizerConfig().cudaDevice());
    assertEquals(6, c.models().ortThreads());
    assertEquals(RecognizerConfig.Precision.FP16, c.models().recognizerConfig().precision());
    assertEquals(
        "ONNX Runtime threads must be >= 0 (0 = ONNX Runtime's default), got -1",
        assertThrows(IllegalArgumentException.class, () -> parse("--ort-threads", "-1"))
            .getMessage());
  }
}
