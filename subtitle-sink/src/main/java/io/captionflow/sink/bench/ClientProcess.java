package io.captionflow.sink.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One child JVM running {@link BenchClientMain}: started, awaited, stopped, its latencies read. */
public final class ClientProcess {

  private final Process process;
  private final BufferedReader stdout;
  private final Path results;
  private final PrintStream childLog;

  private ClientProcess(Process process, Path results, PrintStream childLog) {
    this.process = process;
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.results = results;
    this.childLog = childLog;
  }

  /**
   * Starts a client JVM on this JVM's class path holding {@code connections} subscribers; its log
   * lines are echoed to {@code childLog}.
   */
  public static ClientProcess start(
      String url, int connections, int warmup, int segments, PrintStream childLog)
      throws IOException {
    Path results = Files.createTempFile("sink-bench-", ".latencies");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchClientMain.class.getName());
    command.add(url);
    command.add(Integer.toString(connections));
    command.add(Integer.toString(warmup));
    command.add(Integer.toString(segments));
    command.add(results.toString());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new ClientProcess(p, results, childLog);
  }

  /** Blocks until the child has opened all its connections. */
  public void awaitReady() throws IOException {
    String line = protocolLine();
    if (line == null || !line.startsWith("READY ")) {
      throw new IOException("bench client did not get ready: " + line);
    }
  }

  /**
   * Lets the child finish (all measured segments received) until {@code deadlineNanos}, then stops
   * it; returns the latencies it recorded, in nanoseconds.
   */
  public long[] finish(long deadlineNanos) throws IOException, InterruptedException {
    while (process.isAlive() && System.nanoTime() < deadlineNanos) {
      Thread.sleep(20);
    }
    if (process.isAlive()) {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write("STOP\n".getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // it exited on its own
      }
    }
    String line = protocolLine();
    if (line == null || !line.startsWith("DONE ")) {
      throw new IOException("bench client ended without its results: " + line);
    }
    process.waitFor(30, TimeUnit.SECONDS);
    byte[] bytes = Files.readAllBytes(results);
    long[] latencies = new long[bytes.length / Long.BYTES];
    try (DataInputStream in = new DataInputStream(Files.newInputStream(results))) {
      for (int i = 0; i < latencies.length; i++) {
        latencies[i] = in.readLong();
      }
    }
    return latencies;
  }

  // The child's own lines, past any log output that also goes to its stdout (echoed to childLog).
  private String protocolLine() throws IOException {
    String line;
    while ((line = stdout.readLine()) != null && !line.startsWith(BenchClientMain.PROTOCOL)) {
      childLog.println(line);
    }
    return line == null ? null : line.substring(BenchClientMain.PROTOCOL.length());
  }

  public void destroy() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(results);
    } catch (IOException e) {
      // a temp file left behind
    }
  }
}
