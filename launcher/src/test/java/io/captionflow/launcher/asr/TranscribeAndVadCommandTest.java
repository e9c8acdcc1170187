package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscribeAndVadCommandTest {

  @TempDir Path dir;

  @Test
  void fixtureModelThenTranscribePrintsTheExpectedTranscript() throws Exception {
    Path fx = dir.resolve("fx");
    CliRun written = CliRun.of("fixture-model", fx.toString());
    assertEquals(0, written.exit(), written.err());
    CliRun run =
        CliRun.of("transcribe", fx.resolve("sample.wav").toString(), "--model", fx.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(Files.readString(fx.resolve("sample.expected.txt")), run.out());
    assertEquals("0.40\t0.56\thello\n", run.out().lines().findFirst().orElseThrow() + "\n");

    CliRun json =
        CliRun.of(
            "transcribe", fx.resolve("sample.wav").toString(), "--model", fx.toString(), "--json");
    JsonNode root = new ObjectMapper().readTree(json.out());
    JsonNode expected = new ObjectMapper().readTree(fx.resolve("sample.expected.json").toFile());
    assertEquals(expected.get("text"), root.get("text"));
    assertEquals(7, root.get("words").size());
    for (int i = 0; i < 7; i++) {
      assertEquals(
          expected.get("words").get(i).get("start"), root.get("words").get(i).get("start"));
      assertEquals(expected.get("words").get(i).get("end"), root.get("words").get(i).get("end"));
    }
  }

  @Test
  void waveringFixtureModelThenTranscribePrintsItsExpectedTranscript() throws Exception {
    Path fx = dir.resolve("wavering");
    CliRun written = CliRun.of("fixture-model", "--kind", "wavering", fx.toString());
    assertEquals(0, written.exit(), written.err());
    assertTrue(written.out().startsWith("wrote wavering fixture model to " + fx), written.out());
    CliRun run =
        CliRun.of("transcribe", fx.resolve("sample.wav").toString(), "--model", fx.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(Files.readString(fx.resolve("sample.expected.txt")), run.out());
    assertEquals(10, run.out().lines().count()); // 9 words and the flicker
    assertEquals("6.72\t6.80\tuh", run.out().lines().toList().get(9));
    assertEquals(9, Files.readAllLines(fx.resolve("sample.words.txt")).size());

    CliRun wrongKind = CliRun.of("fixture-model", "--kind", "steady", fx.toString());
    assertEquals(2, wrongKind.exit());
    assertTrue(
        wrongKind
            .err()
            .contains(
                "expected one of [tone, wavering, synthetic, synthetic-cache-aware, cache-aware] but was"
                    + " 'steady'"),
        wrongKind.err());
  }

  @Test
  void syntheticFixtureModelNeedsALayer() {
    CliRun run =
        CliRun.of(
            "fixture-model",
            "--kind",
            "synthetic",
            "--layers",
            "0",
            dir.resolve("synthetic").toString());
    assertEquals(2, run.exit());
    assertEquals("--layers must be at least 1, got 0", run.err().lines().findFirst().orElse(""));
  }

  @Test
  void brokenModelDirectoryIsOneLineOnStderr() throws Exception {
    Path fx = dir.resolve("fx");
    CliRun.of("fixture-model", fx.toString());
    Files.delete(fx.resolve("vocab.txt"));
    CliRun run =
        CliRun.of("transcribe", fx.resolve("sample.wav").toString(), "--model", fx.toString());
    assertEquals(2, run.exit());
    assertEquals("", run.out());
    assertEquals(
        "error: model directory " + fx + " has no vocab.txt (one 'piece id' per line)\n",
        run.err());
  }

  @Test
  void vadWithRmsPrintsSegments() throws Exception {
    Path fx = dir.resolve("fx");
    CliRun.of("fixture-model", fx.toString());
    CliRun run = CliRun.of("vad", fx.resolve("sample.wav").toString(), "--rms", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode segments = new ObjectMapper().readTree(run.out());
    // the sample's tones run from 0.40 s to 3.60 s with 0.16 s gaps (shorter than the 0.3 s minimum
    // pause)
    assertEquals(1, segments.size(), run.out());
    assertTrue(Math.abs(segments.get(0).get("start").asDouble() - 0.40) < 0.07, run.out());
    assertTrue(Math.abs(segments.get(0).get("end").asDouble() - 3.60) < 0.07, run.out());
  }

  @Test
  void missingSileroModelNamesTheFetchScript() throws Exception {
    Path fx = dir.resolve("fx");
    CliRun.of("fixture-model", fx.toString());
    CliRun run =
        CliRun.of(
            "vad",
            fx.resolve("sample.wav").toString(),
            "--model",
            dir.resolve("none.onnx").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("fetch-silero-vad.sh"), run.err());
  }
}
