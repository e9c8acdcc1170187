package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.cacheaware.CacheAwareRecognizer;
import io.captionflow.asr.features.KaldiFbank;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.fixtures.asr.ScheduledSpeech;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.SessionSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stream-bench}'s streaming mode on the cache-aware tone fixture, beside the others. */
class StreamBenchCommandTest {

  @TempDir Path dir;

  @Test
  void theStreamingModeConfirmsEveryScheduledWordAndEncodesEachChunkOnce() {
    ToneLanguage language = CacheAwareToneFixture.write(dir);
    List<ScheduledWord> schedule = ScheduledSpeech.fixtureSchedule(language, 60);
    float[] audio = ScheduledSpeech.fixtureSession(language, 60);
    StreamBenchSession.Result r;
    try (CacheAwareRecognizer model = CacheAwareRecognizer.load(RecognizerConfig.of(dir))) {
      r =
          StreamBenchSession.run(
              null, model, SessionSettings.of(LatencyMode.STREAMING), audio, 1600, null, schedule);
    }
    assertEquals(LatencyMode.STREAMING, r.mode());
    assertEquals(schedule.size(), r.words());
    // every window the stream gets ready, the end's silence included, is encoded once
    long frames =
        KaldiFbank.framesAfterFlush(
            audio.length + (CacheAwareToneFixture.WINDOW + 1) * KaldiFbank.FRAME_SHIFT);
    long windows =
        (frames - CacheAwareToneFixture.WINDOW - 1) / CacheAwareToneFixture.CHUNK_SHIFT + 1;
    double encoded =
        windows
            * CacheAwareToneFixture.CHUNK_SHIFT
            * KaldiFbank.FRAME_SHIFT
            / (double) audio.length;
    assertEquals(encoded, r.encoderFactor(), 1e-12);
    assertTrue(r.encoderFactor() <= 1.1, "encoder factor " + r.encoderFactor());
    // the target: p95 within the model's chunk (160 ms) + 400 ms of the spoken word's end
    assertTrue(r.confirmFromSpokenEnd()[1] <= 160 + 400, Arrays.toString(r.confirmFromSpokenEnd()));
  }

  @Test
  void withoutModelsStreamingRunsBesideTheOtherModes() {
    assertEquals(List.of(LatencyMode.values()), StreamBenchCommand.selectModes(null, true, true));
    assertEquals(LatencyMode.offline(), StreamBenchCommand.selectModes(null, true, false));
    assertEquals(List.of(LatencyMode.STREAMING), StreamBenchCommand.selectModes(null, false, true));
    assertEquals(
        List.of(LatencyMode.STREAMING, LatencyMode.SPEEDY),
        StreamBenchCommand.selectModes(List.of("streaming", "speedy"), true, true));
  }

  @Test
  void aModeNoModelServesIsRefusedWithTheFlagThatServesIt() {
    IllegalArgumentException streaming =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamBenchCommand.selectModes(List.of("streaming"), true, false));
    assertEquals(
        "mode 'streaming' needs a cache-aware model: give --streaming-model DIR, or run without"
            + " models on the tone fixture",
        streaming.getMessage());
    IllegalArgumentException chunked =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamBenchCommand.selectModes(List.of("chunked"), false, true));
    assertEquals(
        "mode 'chunked' needs an offline TDT model: give --model DIR, or run without models on a"
            + " fixture",
        chunked.getMessage());
  }

  @Test
  void theCommandWritesTheCacheAwareFixtureAndPrintsStreamingAsOneJsonLine() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new StreamBenchCommand()).execute("--json", "--modes", "streaming");
    } finally {
      System.setOut(original);
    }
    assertEquals(0, exit);
    List<String> lines =
        captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    assertEquals(1, lines.size(), lines.toString());
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertEquals("streaming", line.get("mode").asText());
    assertEquals(1, line.get("agreement").asInt());
    int scheduled = ScheduledSpeech.fixtureSchedule(new ToneLanguage(), 60).size();
    assertEquals(scheduled, line.get("words").asInt());
    assertTrue(line.get("encoderFactor").asDouble() <= 1.1, lines.get(0));
    assertTrue(line.get("confirmedFromSpokenEndMs").get("p95").asLong() <= 560, lines.get(0));
  }
}
