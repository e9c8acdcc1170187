package io.captionflow.ingest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void rendersFractionAndSeconds() {
    assertEquals("[###############               ]  50% 2.5/5.0 s", ProgressBar.render(2.5, 5.0));
    assertEquals("[##############################] 100% 5.0/5.0 s", ProgressBar.render(5.0, 5.0));
    assertEquals("    12.3 s sent", ProgressBar.render(12.34, Double.NaN));
  }

  @Test
  void staysSilentWhenNotOnATerminal() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ProgressBar(new PrintStream(out), false).update(1, 2);
    assertEquals(0, out.size());
    new ProgressBar(new PrintStream(out), true).update(2, 2);
    assertEquals("\r" + ProgressBar.render(2, 2) + System.lineSeparator(), out.toString());
  }
}
