package io.captionflow.ingest;

import java.nio.file.Path;

/** The shared real recordings (see testdata/SOURCES.md). */
public final class TestData {

  private TestData() {}

  public static Path root() {
    return Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
        .resolve("../shared/testdata")
        .normalize();
  }

  public static Path speech(String name) {
    return root().resolve("speech/librispeech").resolve(name);
  }
}
