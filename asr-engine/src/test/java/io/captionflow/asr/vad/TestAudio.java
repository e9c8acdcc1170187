package io.captionflow.asr.vad;

import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared test data and the Silero model, found the way CI provides them. */
final class TestAudio {

  private TestAudio() {}

  static Path testdata() {
    String root = System.getenv("CAPTIONFLOW_REPO_ROOT");
    return Path.of(root == null ? "." : root).resolve("../shared/testdata").normalize();
  }

  static float[] read16k(String relative) throws IOException {
    PcmAudio audio = WavReader.read(testdata().resolve(relative));
    if (audio.sampleRate() != 16_000) {
      throw new IllegalStateException(
          relative + " is " + audio.sampleRate() + " Hz, expected 16 kHz");
    }
    return audio.samples();
  }

  /** The Silero model, or a failure naming the fetch script (CI runs it before the tests). */
  static SileroVadModel silero() {
    Path path = SileroVadModel.pathFromEnvironment(System.getenv());
    if (!Files.isRegularFile(path)) {
      throw new AssertionError(
          "Silero VAD model missing at "
              + path
              + ": run asr-engine/scripts/fetch-silero-vad.sh (or set SILERO_VAD_MODEL)");
    }
    try {
      return SileroVadModel.load(path);
    } catch (ModelLoadException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
