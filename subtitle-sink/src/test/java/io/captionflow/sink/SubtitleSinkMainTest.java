package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The image's entry point runs the sink command: its help, and a clear refusal of a bad flag. */
class SubtitleSinkMainTest {

  @Test
  void helpDescribesTheSinkFlagsAndExitsZero() {
    CommandLine cli = SubtitleSinkMain.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("--help"));
    assertTrue(out.toString().startsWith("Usage: subtitle-sink "), out.toString());
    assertTrue(out.toString().contains("--bootstrap=<bootstrap>"), out.toString());
    assertTrue(out.toString().contains("env CAPTIONFLOW_SINK_PORT"), out.toString());
  }

  @Test
  void aBadFlagIsRefusedWithExitCodeTwo() {
    CommandLine cli = SubtitleSinkMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("--port", "eighty"));
    assertTrue(
        err.toString().contains("Invalid value for option '--port': 'eighty' is not an int"),
        err.toString());
  }
}
