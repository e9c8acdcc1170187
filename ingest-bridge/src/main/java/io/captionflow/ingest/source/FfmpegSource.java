package io.captionflow.ingest.source;

import io.captionflow.schema.wire.AudioChunks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Any format ffmpeg can read, decoded by an ffmpeg child process to 16 kHz mono s16le on its
 * stdout.
 */
public final class FfmpegSource implements AudioSource {

  private final Process process;
  private final RawPcmSource pcm;
  private final Path path;
  private final Thread stderrReader;
  private final StringBuilder stderr = new StringBuilder();

  public FfmpegSource(Path path) throws IOException {
    this.path = path;
    List<String> command = command(List.of(), path.toString());
    this.process = new ProcessBuilder(command).start();
    this.pcm =
        new RawPcmSource(
            process.getInputStream(),
            SampleFormat.S16LE,
            AudioChunks.SAMPLE_RATE,
            1,
            "file:" + path.getFileName());
    this.stderrReader =
        new Thread(
            () -> {
              try {
                String text =
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (stderr) {
                  stderr.append(text);
                }
              } catch (IOException ignored) {
                // the process went away; its exit code tells the rest
              }
            },
            "ffmpeg-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  /**
   * The ffmpeg command line decoding {@code input} (a path or URL) to 16 kHz mono s16le on stdout,
   * with {@code inputOptions} (e.g. -re) before the input.
   */
  public static List<String> command(List<String> inputOptions, String input) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error"));
    command.addAll(inputOptions);
    command.addAll(
        List.of(
            "-i",
            input,
            "-vn",
            "-f",
            "s16le",
            "-ar",
            String.valueOf(AudioChunks.SAMPLE_RATE),
            "-ac",
            "1",
            "-"));
    return command;
  }

  /** Whether an {@code ffmpeg} executable answers on the PATH. */
  public static boolean isInstalled() {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public int sampleRate() {
    return AudioChunks.SAMPLE_RATE;
  }

  @Override
  public int read(float[] dst) throws IOException {
    int n = pcm.read(dst);
    if (n < 0) {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IOException("ffmpeg did not exit after its output ended");
        }
        stderrReader.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for ffmpeg", e);
      }
      if (process.exitValue() != 0) {
        String message;
        synchronized (stderr) {
          message = stderr.toString().strip();
        }
        throw new IOException(
            "ffmpeg could not decode " + path + " (exit " + process.exitValue() + "): " + message);
      }
    }
    return n;
  }

  @Override
  public double durationSeconds() {
    return Double.NaN;
  }

  @Override
  public String description() {
    return pcm.description();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
