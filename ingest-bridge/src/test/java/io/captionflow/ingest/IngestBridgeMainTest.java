package io.captionflow.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.ingest.websocket.PublishTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The image's entry point: {@code serve} when run bare, any bridge command (replay included)
 * otherwise.
 */
class IngestBridgeMainTest {

  @Test
  void noArgumentsMeansServeAndGivenArgumentsAreKept() {
    assertArrayEquals(new String[] {"serve"}, IngestBridgeMain.orServe(new String[0]));
    String[] stdin = {"stdin", "--session", "x"};
    assertArrayEquals(stdin, IngestBridgeMain.orServe(stdin));
  }

  @Test
  void everyBridgeCommandAndReplayAreReachable() {
    CommandLine cli = IngestBridgeMain.commandLine();
    assertEquals("ingest-bridge", cli.getCommandName());
    assertEquals(
        List.of("stdin", "file", "url", "serve", "replay"),
        List.copyOf(cli.getSubcommands().keySet()));
  }

  @Test
  void bareRunStartsServeWhichRefusesToRunWithoutPublishTokens() {
    assumeTrue(
        System.getenv(PublishTokens.ENVIRONMENT_VARIABLE) == null,
        "publish tokens set in this environment");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(
          2, IngestBridgeMain.commandLine().execute(IngestBridgeMain.orServe(new String[0])));
    } finally {
      System.setErr(original);
    }
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith(
                "error: no publish tokens: set " + PublishTokens.ENVIRONMENT_VARIABLE + "="),
        err.toString(StandardCharsets.UTF_8));
  }
}
