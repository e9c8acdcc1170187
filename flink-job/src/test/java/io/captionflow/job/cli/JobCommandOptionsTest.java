package io.captionflow.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.job.JobConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The session-end and ordering flags reach the job's configuration. */
class JobCommandOptionsTest {

  static JobConfig parse(String... args) {
    JobCommand command = new JobCommand();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void withoutFlagsTheDocumentedDefaultsApply() {
    JobConfig c = parse();
    assertEquals(64, c.reorderWindow());
    assertEquals(Duration.ofSeconds(30), c.caughtUpAfter());
    assertEquals(Duration.ofMinutes(5), c.idleExpiry());
    assertEquals(Duration.ofSeconds(5), c.endGrace());
  }

  @Test
  void eachFlagSetsItsSetting() {
    JobConfig c =
        parse(
            "--reorder-window", "16",
            "--caught-up-after", "PT10S",
            "--idle-expiry", "PT20S",
            "--end-grace", "PT2S");
    assertEquals(16, c.reorderWindow());
    assertEquals(Duration.ofSeconds(10), c.caughtUpAfter());
    assertEquals(Duration.ofSeconds(20), c.idleExpiry());
    assertEquals(Duration.ofSeconds(2), c.endGrace());
  }
}
