package io.captionflow.ingest.source.url;

import io.captionflow.ingest.source.FfmpegSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Connects through an ffmpeg child process decoding the URL to 16 kHz mono s16le on its stdout. */
public final class FfmpegConnector implements StreamConnector {

  private final boolean nativeRate;

  /**
   * @param nativeRate read the input at its native rate ({@code -re}): for URLs that serve a
   *     recording faster than real time; live streams pace themselves
   */
  public FfmpegConnector(boolean nativeRate) {
    this.nativeRate = nativeRate;
  }

  @Override
  public StreamConnection open(StreamUrl url) throws IOException {
    List<String> inputOptions = new ArrayList<>();
    if (nativeRate) {
      inputOptions.add("-re");
    }
    try {
      List<String> command = new ArrayList<>(FfmpegSource.command(inputOptions, url.value()));
      // each decoded packet leaves at once instead of in 32 kB (1 s) bursts: live latency
      command.addAll(command.size() - 1, List.of("-flush_packets", "1"));
      return new FfmpegConnection(url, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new IOException(
          "cannot start ffmpeg (needed for URLs; install it: apt-get install ffmpeg): "
              + e.getMessage(),
          e);
    }
  }

  private static final class FfmpegConnection implements StreamConnection {

    private static final int STDERR_KEPT = 4096;
    private static final String UNKNOWN_PROTOCOL = "Protocol not found";

    private final StreamUrl url;
    private final Process process;
    private final Thread stderrReader;
    private final StringBuilder stderr = new StringBuilder();

    FfmpegConnection(StreamUrl url, Process process) {
      this.url = url;
      this.process = process;
      this.stderrReader = new Thread(this::keepStderr, "ffmpeg-url-stderr");
      stderrReader.setDaemon(true);
      stderrReader.start();
    }

    private void keepStderr() {
      try (InputStream err = process.getErrorStream()) {
        byte[] buffer = new byte[1024];
        int n;
        while ((n = err.read(buffer)) >= 0) {
          synchronized (stderr) {
            stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            // only the tail names why it ended; a long-running stream must not grow this
            if (stderr.length() > 2 * STDERR_KEPT) {
              stderr.delete(0, stderr.length() - STDERR_KEPT);
            }
          }
        }
      } catch (IOException ignored) {
        // the process went away; its exit code tells the rest
      }
    }

    @Override
    public InputStream pcm() {
      return process.getInputStream();
    }

    @Override
    public Ending ending() {
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
        stderrReader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String message = lastLine();
      String reason =
          (process.isAlive() ? "ffmpeg did not exit" : "ffmpeg exited with code " + exitCode())
              + (message.isEmpty() ? "" : ": " + message);
      return new Ending(
          reason,
          message.contains(UNKNOWN_PROTOCOL),
          !process.isAlive() && process.exitValue() == 0);
    }

    private String exitCode() {
      return String.valueOf(process.exitValue());
    }

    /**
     * ffmpeg's complaint: the unknown-protocol line when there is one (a "Did you mean" hint
     * follows it), else the last line; with the URL's credentials taken out.
     */
    private String lastLine() {
      String text;
      synchronized (stderr) {
        text = stderr.toString().strip();
      }
      String[] lines = text.split("\\R");
      String chosen = lines[lines.length - 1];
      for (String line : lines) {
        if (line.contains(UNKNOWN_PROTOCOL)) {
          chosen = line;
        }
      }
      return chosen.strip().replace(url.value(), url.redacted());
    }

    @Override
    public void close() {
      process.destroy();
    }
  }
}
