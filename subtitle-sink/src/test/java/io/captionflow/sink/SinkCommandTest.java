package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.sink.hls.HlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SinkCommandTest {

  @Test
  void flagsOverrideTheEnvironmentAndTokensComeFromAFile(@TempDir Path dir) throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "studio-a=one\n*=all\n");
    SinkCommand command = new SinkCommand();
    new CommandLine(command)
        .parseArgs(
            "--port",
            "9123",
            "--bootstrap",
            "k:9092",
            "--segments-topic",
            "x.seg",
            "--history",
            "12",
            "--queue-limit",
            "5",
            "--lookback",
            "30m",
            "--tokens-file",
            tokens.toString());
    SinkConfig c =
        command.configure(
            Map.of("CAPTIONFLOW_SINK_PORT", "7000", "CAPTIONFLOW_SUBSCRIBE_TOKENS", "b=c"));
    assertEquals(9123, c.port());
    assertEquals("k:9092", c.kafkaBootstrap());
    assertEquals("x.seg", c.topics().segments());
    assertEquals(12, c.historySize());
    assertEquals(5, c.sendQueueLimit());
    assertEquals(Duration.ofMinutes(30), c.lookback());
    assertTrue(c.tokens().allows("studio-a", "one"));
    assertTrue(c.tokens().allowsAll("all"));
    assertFalse(c.tokens().allows("b", "c"), "the file replaces the environment's tokens");
    assertFalse(c.openAccess());
  }

  @Test
  void openAccessOnlyWhenAskedFor() throws Exception {
    SinkCommand command = new SinkCommand();
    new CommandLine(command).parseArgs("--open");
    assertTrue(command.configure(Map.of()).openAccess());
    SinkCommand closed = new SinkCommand();
    new CommandLine(closed).parseArgs();
    assertFalse(closed.configure(Map.of()).openAccess());
  }

  @Test
  void edgeLimitFlagsOverrideTheEnvironment() throws Exception {
    SinkCommand command = new SinkCommand();
    new CommandLine(command)
        .parseArgs(
            "--max-message-bytes",
            "512",
            "--connect-rate",
            "5",
            "--trusted-proxies",
            "10.0.0.0/8",
            "--allowed-origins",
            "https://captions.example.org",
            "--require-origin");
    SinkConfig c =
        command.configure(
            Map.of("CAPTIONFLOW_CONNECT_RATE", "1", "CAPTIONFLOW_CONNECT_BURST", "3"));
    assertEquals(512, c.maxMessageBytes());
    assertEquals(5.0, c.guard().connectRate());
    assertEquals(3, c.guard().connectBurst());
    assertEquals("[10.0.0.0/8]", c.guard().trustedProxies().toString());
    assertEquals(
        java.util.Optional.of("forbidden: an Origin header is required"),
        c.guard().allowedOrigins().refusal(null));
  }

  @Test
  void hlsFlagsOverrideTheEnvironmentOneByOne() throws Exception {
    SinkCommand command = new SinkCommand();
    new CommandLine(command)
        .parseArgs(
            "--hls-segment-seconds",
            "2",
            "--hls-mpegts-offset",
            "1.48",
            "--hls-program-date-time",
            "false");
    SinkConfig c =
        command.configure(
            Map.of("CAPTIONFLOW_HLS_SEGMENT_SECONDS", "6", "CAPTIONFLOW_HLS_WINDOW", "20"));
    assertEquals(new HlsSettings(2, 20, Duration.ofSeconds(3), 1.48, false), c.hls());
  }
}
