package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoSampleTest {

  private static final Path REPO = Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"));

  @Test
  void theShippedSampleIsSmallSixteenKilohertzSpeechWithItsLicenceBesideIt() throws Exception {
    Path sample = DemoSample.extract();
    Path shipped = REPO.resolve("launcher/src/main/resources/samples/jfk.wav");
    assertArrayEquals(Files.readAllBytes(shipped), Files.readAllBytes(sample));
    assertTrue(Files.size(sample) < 1_000_000, "kept under 1 MB: " + Files.size(sample));
    PcmAudio audio = WavReader.read(sample);
    assertEquals(16_000, audio.sampleRate());
    assertEquals(11.0, audio.samples().length / 16_000.0, 0.05);
    String source = Files.readString(shipped.resolveSibling("SOURCE.md"));
    assertTrue(source.contains("public domain"), source);
  }

  @Test
  void demoNeedsNoAudioFlag() {
    DemoCommand demo = new DemoCommand();
    new picocli.CommandLine(demo).parseArgs();
    assertEquals(null, demo.audio); // the shipped sample is used
  }
}
