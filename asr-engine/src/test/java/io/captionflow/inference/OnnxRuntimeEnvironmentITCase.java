package io.captionflow.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.parakeet.ParakeetRecognizer;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeEnvironmentITCase {

  /**
   * Loads and runs the fixture model from a thread with a small stack, as a Flink task thread is.
   */
  public static void main(String[] args) throws Exception {
    Thread small =
        new Thread(
            null,
            () -> {
              try (ParakeetRecognizer recognizer =
                  ParakeetRecognizer.load(RecognizerConfig.of(Path.of(args[0])))) {
                System.out.println(
                    "words=" + recognizer.transcribe(new float[16_000]).words().size());
              }
            },
            "small-stack",
            512 * 1024);
    small.start();
    small.join();
  }

  @Test
  void modelsLoadFromThreadsWithSmallStacks(@TempDir Path dir) throws Exception {
    ToneLanguageFixture.write(dir);
    // A fresh JVM: the environment must be created first by the small-stack thread (it used to
    // crash the JVM).
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OnnxRuntimeEnvironmentITCase.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), output);
    assertEquals(
        List.of("words=0"), output.lines().filter(l -> l.startsWith("words=")).toList(), output);
  }
}
