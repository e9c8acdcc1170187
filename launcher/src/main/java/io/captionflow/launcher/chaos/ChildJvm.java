package io.captionflow.launcher.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One separate JVM started on this machine from this JVM's classpath, its stdout and stderr in a
 * log file of the work directory; {@link #kill()} is {@code kill -9}.
 */
final class ChildJvm {

  private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass args} with at most {@code heapMb} of heap; the classpath goes through
   * an argument file, since a long one passes the kernel's limit for one argument.
   */
  static ChildJvm start(
      String name,
      Path workDir,
      int heapMb,
      List<String> jvmOptions,
      String mainClass,
      List<String> args) {
    try {
      Path argFile = workDir.resolve("classpath.args");
      if (!Files.exists(argFile)) {
        String classpath = System.getProperty("java.class.path");
        Files.writeString(
            argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + heapMb + "m");
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.captionflow.schema");
      command.add("-Dlog4j2.configurationFile=" + logConfig(workDir));
      command.addAll(jvmOptions);
      command.add("@" + argFile);
      command.add(mainClass);
      command.addAll(args);
      Path log = nextLog(workDir, name);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      LOG.info("{}: started pid {}, log {}", name, process.pid(), log);
      return new ChildJvm(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
    }
  }

  /** {@code NAME.log}, or {@code NAME-2.log} … for the processes that replace a killed one. */
  private static Path nextLog(Path workDir, String name) {
    Path log = workDir.resolve(name + ".log");
    for (int i = 2; Files.exists(log); i++) {
      log = workDir.resolve(name + "-" + i + ".log");
    }
    return log;
  }

  /** Children log to their console (the log file): Flink's lifecycle at INFO, the rest at WARN. */
  private static Path logConfig(Path workDir) throws IOException {
    Path config = workDir.resolve("log4j2-child.properties");
    if (!Files.exists(config)) {
      Files.writeString(
          config,
          String.join(
              "\n",
              "rootLogger.level = WARN",
              "rootLogger.appenderRef.console.ref = Console",
              "appender.console.type = Console",
              "appender.console.name = Console",
              "appender.console.layout.type = PatternLayout",
              "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n",
              "logger.captionflow.name = io.captionflow",
              "logger.captionflow.level = INFO",
              "logger.graph.name = org.apache.flink.runtime.executiongraph.ExecutionGraph",
              "logger.graph.level = INFO",
              "logger.checkpoint.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
              "logger.checkpoint.level = INFO",
              "logger.dispatcher.name = org.apache.flink.runtime.dispatcher",
              "logger.dispatcher.level = INFO",
              ""));
    }
    return config;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, exactly what a crashed or OOM-killed pod does. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{}: killed (pid {})", name, process.pid());
  }

  /** The log so far, to say why a child did not come up. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
