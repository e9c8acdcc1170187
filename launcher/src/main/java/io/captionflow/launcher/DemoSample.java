package io.captionflow.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sample {@code demo} streams when given no {@code --audio}: {@code samples/jfk.wav} on the
 * classpath, public domain (see {@code samples/SOURCE.md} beside it).
 */
final class DemoSample {

  static final String RESOURCE = "/samples/jfk.wav";

  private DemoSample() {}

  /** Copies the sample to a temporary file (the bridge reads files), deleted when the JVM exits. */
  static Path extract() throws IOException {
    try (InputStream in = DemoSample.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the launcher's classpath; rebuild it");
      }
      Path file = Files.createTempFile("captionflow-demo-", "-jfk.wav");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    }
  }
}
