package io.captionflow.ingest.cli;

import io.captionflow.ingest.source.SourcePump;
import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second; silent when stderr is not a
 * terminal.
 */
final class ProgressBar implements SourcePump.Progress {

  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean enabled;
  private long lastDrawNanos;

  ProgressBar(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  static ProgressBar onTerminal() {
    return new ProgressBar(System.err, System.console() != null);
  }

  @Override
  public void update(double done, double total) {
    long now = System.nanoTime();
    if (!enabled || now - lastDrawNanos < 100_000_000L && done < total) {
      return;
    }
    lastDrawNanos = now;
    out.print("\r" + render(done, total));
    if (done >= total) {
      out.println();
    }
    out.flush();
  }

  static String render(double done, double total) {
    if (Double.isNaN(total) || total <= 0) {
      return String.format("%8.1f s sent", done);
    }
    double fraction = Math.min(1, done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    return "["
        + "#".repeat(filled)
        + " ".repeat(WIDTH - filled)
        + "] "
        + String.format("%3d%% %.1f/%.1f s", Math.round(fraction * 100), done, total);
  }
}
