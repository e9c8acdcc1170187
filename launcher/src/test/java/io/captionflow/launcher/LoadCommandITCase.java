package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.launcher.load.LoadSpeech;
import io.captionflow.testsupport.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The load harness end to end: real Kafka, the real job on a local MiniCluster with RocksDB. */
class LoadCommandITCase {

  private static final int SESSIONS = 3;
  private static final int SECONDS = 5;

  @Test
  void nullRecognizerSessionsComeOutWordForWordAndTheReportIsOneJsonObject() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CaptionFlowCli.commandLine(new String[] {"load"});
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit =
        cli.execute(
            "load",
            "--recognizer",
            "null",
            "--sessions",
            String.valueOf(SESSIONS),
            "--seconds",
            String.valueOf(SECONDS),
            "--kafka",
            TestKafka.shared().bootstrapServers(),
            "--progress",
            "PT2S");
    assertEquals(0, exit, err.toString());
    JsonNode report = new ObjectMapper().readTree(out.toString());

    LoadSpeech speech = LoadSpeech.markers(SECONDS);
    int words = speech.words().size();
    int phrases = speech.phrases();
    assertEquals(6, words);
    assertEquals(2, phrases);
    assertEquals(SESSIONS, report.path("sessions").asInt());
    assertEquals("null", report.path("recognizer").asText());
    assertEquals("speedy", report.path("mode").asText());
    assertEquals(SESSIONS * SECONDS * 10, report.path("chunks").asLong());
    assertEquals(SESSIONS, report.path("sessionsEnded").asInt());
    assertEquals(SESSIONS, report.path("sessionsExact").asInt(), report.toString());
    assertEquals(SESSIONS * words, report.path("words").path("expected").asLong());
    assertEquals(SESSIONS * words, report.path("words").path("confirmed").asLong());
    assertEquals(0, report.path("words").path("stray").asLong());
    assertEquals(SESSIONS * phrases, report.path("segments").path("expected").asLong());
    assertEquals(SESSIONS * phrases, report.path("segments").path("received").asLong());
    assertEquals(SESSIONS * words, report.path("latencySamples").asInt());
    assertTrue(report.path("realtime").isBoolean(), report.toString());
    assertTrue(report.path("chunksPerSecond").isNumber(), report.toString());
    // the job has its recognizer-time histogram today, so the tax is measured: latency minus the
    // mean recognizer call (whole ms per call; a null recognizer's are almost all 0)
    double recognizer = report.path("recognizerMsPerCall").asDouble();
    for (String p : List.of("p50", "p95", "p99")) {
      assertEquals(
          report.path("latencyMs").path(p).asDouble() - recognizer,
          report.path("pipelineTaxMs").path(p).asDouble(),
          // both are rounded to 0.1 ms in the report, each from the unrounded mean
          0.101,
          report.toString());
    }
    // metrics the job may not expose yet are there, as numbers or null, never invented
    for (String field :
        List.of("decodeBatch.mean", "decodeBatch.max", "decodeWaitMs.p50", "decodeWaitMs.p99")) {
      String[] path = field.split("\\.");
      JsonNode value = report.path(path[0]).path(path[1]);
      assertTrue(value.isNumber() || value.isNull(), field + " in " + report);
    }
    JsonNode state = report.path("stateBytesWrittenPerAudioSecond");
    assertTrue(state.isNumber() || state.isNull(), report.toString());
    assertTrue(err.toString().contains("sessions ended"), err.toString());
  }

  @Test
  void badOptionsAreRefusedWithTheReasonBeforeAnythingStarts() {
    assertEquals(
        "--recognizer must be null, fixture or synthetic, got 'parakeet'",
        refusal("--recognizer", "parakeet"));
    assertEquals("--seconds must be at least 3 (one phrase), got 2", refusal("--seconds", "2"));
    assertEquals("--sessions must be at least 1, got 0", refusal("--sessions", "0"));
    assertEquals(
        "unknown latency mode 'fast', expected one of [speedy, pause-based, low-latency,"
            + " ultra-low-latency, extreme-low-latency, lookahead, chunked, streaming]",
        refusal("--mode", "fast"));
    assertEquals(
        "--mode streaming needs a cache-aware model, and load's recognizers (null, fixture,"
            + " synthetic) are offline ones: use stream-bench --streaming-model for the"
            + " streaming mode",
        refusal("--mode", "streaming"));
  }

  private static String refusal(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CaptionFlowCli.commandLine(new String[] {"load"});
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "load";
    System.arraycopy(args, 0, all, 1, args.length);
    assertEquals(2, cli.execute(all), err.toString());
    assertEquals("", out.toString());
    return err.toString().lines().findFirst().orElse("");
  }
}
