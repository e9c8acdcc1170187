package io.captionflow.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.job.fixture.FixtureAudio;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamTranscribeCommandTest {

  @Test
  void printsTheFixtureSampleAsItIsConfirmed() {
    String wav = FixtureAudio.modelDir().resolve("sample.wav").toString();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new StreamTranscribeCommand()).execute("--stream", "--mode", "speedy", "--model",
          FixtureAudio.modelDir().toString(), "--session-id", "talk", wav);
    } finally {
      System.setOut(original);
    }
    assertEquals(0, exit);
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("#") || l.startsWith("[") || l.startsWith("~")).toList(); // not log lines
    assertEquals(List.of(
        "# session talk STARTED",
        "[00:00.400 → 00:03.440] hello world live captions for every stream",
        "# session talk ENDED"), lines);
  }

  @Test
  void aMissingFileIsReportedNotThrown() {
    assertEquals(2, new CommandLine(new StreamTranscribeCommand()).execute("--stream", "/nonexistent.wav"));
  }
}
