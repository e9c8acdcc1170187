package io.captionflow.launcher.diarization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {

  @TempDir Path dir;

  private static String run(Object command, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    int code = cli.execute(args);
    assertEquals(0, code, out.toString());
    return out.toString();
  }

  @Test
  void fixtureThenDiarizePrintsTheToneTurns() {
    run(new DiarizationFixtureCommand(), dir.toString());
    String rttm =
        run(
            new DiarizeCommand(),
            dir.resolve("tones-two-speakers.wav").toString(),
            "--model",
            dir.resolve("sortformer-fixture.onnx").toString(),
            "--rttm",
            "--post",
            "plain");
    // DEMO_TURNS: spk0 0.40-2.00 and 4.00-5.20, spk1 2.00-3.60 and 4.80-5.60 (overlap 4.80-5.20)
    assertEquals(
        String.join(
            System.lineSeparator(),
            "SPEAKER tones-two-speakers 1 0.400 1.600 <NA> <NA> spk0 <NA> <NA>",
            "SPEAKER tones-two-speakers 1 2.000 1.600 <NA> <NA> spk1 <NA> <NA>",
            "SPEAKER tones-two-speakers 1 4.000 1.200 <NA> <NA> spk0 <NA> <NA>",
            "SPEAKER tones-two-speakers 1 4.800 0.800 <NA> <NA> spk1 <NA> <NA>",
            ""),
        rttm);
  }

  @Test
  void derCommandPrintsTheScore() throws Exception {
    Path ref =
        Files.writeString(dir.resolve("ref.rttm"), "SPEAKER f 1 0 10 <NA> <NA> A <NA> <NA>\n");
    Path hyp =
        Files.writeString(dir.resolve("hyp.rttm"), "SPEAKER f 1 2 10 <NA> <NA> X <NA> <NA>\n");
    // missed 0-2, false alarm 10-12: (2 + 2) / 10 = 40%
    assertEquals(
        "DER 40.00% (scored speech 10.000 s: missed 2.000 s, false alarm 2.000 s, confusion 0.000 s)"
            + System.lineSeparator()
            + "speaker mapping (hyp -> ref): {X=A}"
            + System.lineSeparator(),
        run(new DerCommand(), "--ref", ref.toString(), "--hyp", hyp.toString()));
  }
}
