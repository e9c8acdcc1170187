package io.captionflow.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the job jar shipped to an existing Flink cluster lives after {@code mvn package}. */
public final class JobJar {

  private JobJar() {}

  /** The built job jar, or null when there is none (only needed with --flink). */
  public static Path find() {
    Path target = Path.of(System.getProperty("captionflow.root", "."), "flink-job", "target");
    if (!Files.isDirectory(target)) {
      return null;
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-job.jar"))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + target, e);
    }
  }
}
