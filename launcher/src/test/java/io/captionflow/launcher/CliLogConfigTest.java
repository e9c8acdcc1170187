package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;

/**
 * The console logging of {@code ./captionflow} (launcher/src/main/config/log4j2-cli.properties).
 */
class CliLogConfigTest {

  private static final Path CONFIG =
      Path.of(
          System.getenv("CAPTIONFLOW_REPO_ROOT"), "launcher/src/main/config/log4j2-cli.properties");

  @Test
  void thePerCheckpointPendingCommittablesCollisionIsDroppedAndOtherCollisionsStillShow() {
    String scope = " [localhost, taskmanager, job, Sink: write transcript events: Committer, 0]";
    List<String> lines =
        logThroughCliConfig(
            "org.apache.flink.metrics.MetricGroup",
            "Name collision: Group already contains a Metric with the name 'pendingCommittables'."
                + " Metric will not be reported."
                + scope,
            "Name collision: Group already contains a Metric with the name 'numRecordsIn'."
                + " Metric will not be reported."
                + scope);
    assertEquals(
        List.of(
            "WARN  MetricGroup - Name collision: Group already contains a Metric with the name"
                + " 'numRecordsIn'. Metric will not be reported."
                + scope),
        lines);
  }

  /**
   * Logs warnings through a fresh context configured from the CLI file; returns what it printed.
   */
  private static List<String> logThroughCliConfig(String loggerName, String... warnings) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    LoggerContext context = null;
    try {
      context = new LoggerContext("cli-config-test"); // its own, so the tests' logging is untouched
      context.start(
          ConfigurationFactory.getInstance()
              .getConfiguration(context, ConfigurationSource.fromUri(CONFIG.toUri())));
      Logger logger = context.getLogger(loggerName);
      for (String warning : warnings) {
        logger.warn(warning);
      }
    } finally {
      if (context != null) {
        context.stop();
      }
      System.setErr(originalErr);
    }
    return printed
        .toString(StandardCharsets.UTF_8)
        .lines()
        .map(l -> l.substring(l.indexOf(' ') + 1)) // drop the time of day
        .toList();
  }
}
