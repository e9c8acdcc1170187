package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.asr.TimedWord;
import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavWriter;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.fixture.SpeakerToneAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamTranscribeCommandITCase {

  record Run(int exit, List<String> lines, String stderr, String stdout) {}

  /**
   * Runs the command; keeps its segment and status lines (not log lines) and its standard error.
   */
  static Run transcribe(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new StreamTranscribeCommand()).execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    List<String> lines =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("#") || l.startsWith("[") || l.startsWith("~"))
            .toList();
    return new Run(
        exit,
        lines,
        errors.toString(StandardCharsets.UTF_8),
        captured.toString(StandardCharsets.UTF_8));
  }

  static String speakerToneWav() throws IOException {
    Path wav = Files.createTempDirectory("captionflow-transcribe").resolve("two-speakers.wav");
    WavWriter.write(wav, new PcmAudio(SpeakerToneAudio.audio(), 16_000));
    return wav.toString();
  }

  @Test
  void printsTheFixtureSampleAsItIsConfirmed() {
    String wav = FixtureAudio.modelDir().resolve("sample.wav").toString();
    Run run =
        transcribe(
            "--stream",
            "--mode",
            "speedy",
            "--model",
            FixtureAudio.modelDir().toString(),
            "--session-id",
            "talk",
            wav);
    assertEquals(0, run.exit());
    assertEquals(
        List.of(
            "# session talk STARTED",
            "[00:00.400 → 00:03.440] hello world live captions for every stream",
            "# session talk ENDED"),
        run.lines());
  }

  @Test
  void withJsonStdoutHoldsOneObjectPerSegmentWithWordTimesInMillisecondsAndNothingElse()
      throws IOException {
    String wav = FixtureAudio.modelDir().resolve("sample.wav").toString();
    Run run =
        transcribe(
            "--stream",
            "--json",
            "--mode",
            "speedy",
            "--model",
            FixtureAudio.modelDir().toString(),
            "--session-id",
            "talk",
            wav);
    assertEquals(0, run.exit(), run.stderr());
    List<TimedWord> words =
        FixtureAudio.language()
            .expectedWords(ToneLanguageFixture.sampleSchedule(FixtureAudio.language()));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode expected = mapper.createObjectNode();
    expected.put("start", ms(words.get(0).startSeconds()));
    expected.put("end", ms(words.get(words.size() - 1).endSeconds()));
    expected.put("text", ToneLanguageFixture.SAMPLE_TEXT);
    ArrayNode expectedWords = expected.putArray("words");
    words.forEach(
        w ->
            expectedWords
                .addObject()
                .put("word", w.text())
                .put("start", ms(w.startSeconds()))
                .put("end", ms(w.endSeconds())));
    List<String> stdout = run.stdout().lines().toList();
    assertEquals(1, stdout.size(), run.stdout());
    assertEquals(expected, mapper.readTree(stdout.get(0)));
    assertTrue(
        !java.util.regex.Pattern.compile("\\d\\.\\d{4}").matcher(stdout.get(0)).find(),
        stdout.get(0));
    assertTrue(run.stderr().contains("# session talk ENDED"), run.stderr());
  }

  /**
   * A cache-aware export given as --model serves the streaming mode; every word the stream emits,
   * joined from all segments, is the fixture's sample.expected.json, word for word and time for
   * time.
   */
  @Test
  void aCacheAwareModelStreamsTheSampleToItsExpectedTranscript(@TempDir Path dir)
      throws IOException {
    CacheAwareToneFixture.write(dir);
    Run run =
        transcribe(
            "--stream",
            "--json",
            "--mode",
            "streaming",
            "--model",
            dir.toString(),
            dir.resolve("sample.wav").toString());
    assertEquals(0, run.exit(), run.stderr());
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode heard = mapper.createArrayNode();
    for (String line : run.stdout().lines().toList()) {
      mapper.readTree(line).get("words").forEach(heard::add);
    }
    ArrayNode expected =
        (ArrayNode) mapper.readTree(dir.resolve("sample.expected.json").toFile()).get("words");
    assertEquals(expected, heard, run.stdout());
    assertTrue(run.stderr().contains("# session file ENDED"), run.stderr());
  }

  @Test
  void aStreamingStartOnAnOfflineModelIsRefusedWithTheReason() {
    Run run =
        transcribe(
            "--stream",
            "--mode",
            "streaming",
            "--model",
            FixtureAudio.modelDir().toString(),
            FixtureAudio.modelDir().resolve("sample.wav").toString());
    assertTrue(
        run.lines()
            .contains(
                "# session file REFUSED: latency mode 'streaming' needs a cache-aware streaming"
                    + " model, and this job has only an offline TDT model: start the job with"
                    + " --streaming-model DIR, or ask for another mode"),
        run.stdout());
  }

  private static double ms(double seconds) {
    return java.math.BigDecimal.valueOf(seconds)
        .setScale(3, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }

  @Test
  void withDiarizationEachSegmentLineNamesItsSpeaker() throws IOException {
    Run run =
        transcribe(
            "--stream",
            "--mode",
            "speedy",
            "--model",
            FixtureAudio.modelDir().toString(),
            "--sortformer-model",
            SpeakerToneAudio.sortformerModel().toString(),
            "--diarization",
            "--speakers",
            "2",
            "--session-id",
            "panel",
            speakerToneWav());
    assertEquals(0, run.exit(), run.stderr());
    assertEquals(
        List.of(
            "# session panel STARTED",
            "[00:00.400 → 00:01.520] S1: hello world stream",
            "[00:01.840 → 00:02.960] S2: no words from",
            "[00:04.240 → 00:04.880] S2: every world",
            "# session panel ENDED"),
        run.lines());
  }

  @Test
  void withDiarizationAndAMissingModelTheRefusalIsPrintedAndTheExitIsNonZero() throws IOException {
    Path missing = Files.createTempDirectory("captionflow-transcribe").resolve("absent.onnx");
    Run run =
        transcribe(
            "--stream",
            "--model",
            FixtureAudio.modelDir().toString(),
            "--sortformer-model",
            missing.toString(),
            "--diarization",
            "--session-id",
            "panel",
            speakerToneWav());
    assertEquals(1, run.exit());
    assertEquals(List.of(), run.lines());
    assertTrue(
        run.stderr()
            .startsWith(
                "session panel REFUSED: speaker diarization was requested but is unavailable:"
                    + " Sortformer model not found: "
                    + missing
                    + " is missing"),
        run.stderr());
  }

  @Test
  void speakersOutsideOneToFourAreRejected() {
    Run run =
        transcribe(
            "--stream",
            "--diarization",
            "--speakers",
            "5",
            FixtureAudio.modelDir().resolve("sample.wav").toString());
    assertEquals(2, run.exit());
    assertEquals("--speakers must be 1 to 4, got 5", run.stderr().strip());
  }

  @Test
  void aMissingFileIsReportedNotThrown() {
    assertEquals(
        2, new CommandLine(new StreamTranscribeCommand()).execute("--stream", "/nonexistent.wav"));
  }
}
