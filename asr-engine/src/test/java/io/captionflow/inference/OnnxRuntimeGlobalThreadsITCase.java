package io.captionflow.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.parakeet.ParakeetRecognizer;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's global thread pool: sized by the first request, before the JVM's one environment
 * exists; later different requests change nothing and say so. Each case runs in a fresh JVM, as the
 * environment lives once per JVM.
 */
class OnnxRuntimeGlobalThreadsITCase {

  /** args: case, model directory. Prints {@code key=value} lines for the test to compare. */
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[1]);
    if (args[0].equals("pool")) {
      System.out.println("request=" + OnnxRuntimeEnvironment.requestGlobalThreads(2));
      System.out.println("before=" + OnnxRuntimeEnvironment.globalThreads());
      try (ParakeetRecognizer recognizer = ParakeetRecognizer.load(RecognizerConfig.of(model))) {
        System.out.println("words=" + recognizer.transcribe(new float[16_000]).words().size());
      }
      System.out.println("after=" + OnnxRuntimeEnvironment.globalThreads());
      System.out.println("other=" + OnnxRuntimeEnvironment.requestGlobalThreads(3));
      System.out.println("same=" + OnnxRuntimeEnvironment.requestGlobalThreads(2));
    } else {
      // control: without a global pool, a session that gives up its own threads cannot load
      System.out.println("request=" + OnnxRuntimeEnvironment.requestGlobalThreads(0));
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.disablePerSessionThreads();
        OnnxRuntimeEnvironment.createSession(
                model.resolve("encoder-model.onnx").toString(), options)
            .close();
        System.out.println("loaded=true");
      } catch (OrtException e) {
        System.out.println("loaded=false");
      }
      System.out.println("after=" + OnnxRuntimeEnvironment.globalThreads());
      System.out.println("late=" + OnnxRuntimeEnvironment.requestGlobalThreads(4));
    }
  }

  private static List<String> runFreshJvm(String which, Path model) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OnnxRuntimeGlobalThreadsITCase.class.getName(),
                which,
                model.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals(0, p.exitValue(), output);
    return output.lines().toList();
  }

  private static List<String> values(List<String> lines) {
    return lines.stream().filter(l -> l.matches("[a-z]+=.*")).toList();
  }

  private static long warnings(List<String> lines, String text) {
    return lines.stream().filter(l -> l.contains("WARN") && l.endsWith(text)).count();
  }

  @Test
  void theFirstRequestSizesThePoolTheModelRunsOnAndALaterOneIsLoggedAndIgnored(@TempDir Path dir)
      throws Exception {
    ToneLanguageFixture.write(dir);
    List<String> lines = runFreshJvm("pool", dir);
    // the recognizer's sessions give up their own threads: they load only on the global pool
    assertEquals(
        List.of("request=2", "before=-1", "words=0", "after=2", "other=2", "same=2"),
        values(lines),
        String.join("\n", lines));
    assertEquals(
        1,
        warnings(
            lines,
            "ONNX Runtime's global thread pool stays at 2 threads (one environment per JVM, sized"
                + " once, by the first model this task manager loaded); the request for 3 threads"
                + " is ignored: restart the task manager to change it"),
        String.join("\n", lines));
  }

  @Test
  void withoutTheRequestThereIsNoPoolAndALateRequestIsLoggedAndIgnored(@TempDir Path dir)
      throws Exception {
    ToneLanguageFixture.write(dir);
    List<String> lines = runFreshJvm("none", dir);
    assertEquals(
        List.of("request=0", "loaded=false", "after=0", "late=0"),
        values(lines),
        String.join("\n", lines));
    assertEquals(
        1,
        warnings(
            lines,
            "ONNX Runtime's global thread pool stays at ONNX Runtime's default (a pool per"
                + " session) (one environment per JVM, sized once, by the first model this task"
                + " manager loaded); the request for 4 threads is ignored: restart the task"
                + " manager to change it"),
        String.join("\n", lines));
  }

  @Test
  void aNegativeSizeIsRefused() {
    assertEquals(
        "ONNX Runtime threads must be >= 0 (0 = ONNX Runtime's default), got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> OnnxRuntimeEnvironment.requestGlobalThreads(-1))
            .getMessage());
  }
}
