package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The broker itself runs in chaos's child JVMs (ChaosITCase's restart-broker); here, its options.
 */
class KafkaCommandTest {

  @Test
  void aPortOutOfRangeIsRefusedByName() {
    CommandLine cli = CaptionFlowCli.commandLine(new String[] {"kafka"});
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("kafka", "--port", "70000"));
    assertTrue(err.toString().startsWith("--port must be 0..65535, got 70000"), err.toString());
  }
}
