package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.TimedWord;
import io.captionflow.testsupport.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SelftestCommandITCase {

  @Test
  void selftestPassesAgainstAnExistingKafka() {
    StringWriter out = new StringWriter();
    CommandLine cli = CaptionFlowCli.commandLine(new String[] {"selftest"});
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("selftest", "--kafka", TestKafka.shared().bootstrapServers());
    assertEquals(0, exit, out.toString());
    assertTrue(
        out.toString()
            .contains(
                "PASS: 7 words in 2 segments and 7 final-words messages, exactly as expected"),
        out.toString());
  }

  @Test
  void comparisonNamesEveryDifference() {
    TimedWord hello = new TimedWord("hello", 0.40, 0.56, Float.NaN);
    TimedWord world = new TimedWord("world", 0.88, 1.04, Float.NaN);
    assertEquals(List.of(), SelftestCommand.compare(List.of(hello, world), List.of(hello, world)));
    assertEquals(
        List.of("missing word 1: 'world' [0.88 - 1.04]"),
        SelftestCommand.compare(List.of(hello, world), List.of(hello)));
    assertEquals(
        List.of("word 0: expected 'hello' [0.40 - 0.56], got 'hello' [0.48 - 0.64]"),
        SelftestCommand.compare(List.of(hello), List.of(new TimedWord("hello", 0.48, 0.64, 0.9f))));
    assertEquals(
        List.of("unexpected word 1: 'world' [0.88 - 1.04]"),
        SelftestCommand.compare(List.of(hello), List.of(hello, world)));
  }
}
