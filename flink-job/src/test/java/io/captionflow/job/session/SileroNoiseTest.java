package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.asr.vad.SileroVadModel;
import io.captionflow.job.inference.WindowDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** With Silero as the VAD, noise never reaches the recognizer: no decode, no words. */
class SileroNoiseTest {

  @Test
  void noiseIsNeverDecoded() {
    Path file = SileroVadModel.pathFromEnvironment(System.getenv());
    assumeTrue(Files.isRegularFile(file), "Silero VAD model not present at " + file);
    float[] noise = new float[16000 * 10];
    Random random = new Random(5);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (random.nextGaussian() * 0.05);
    }
    LevelRecognizer recognizer = new LevelRecognizer();
    try (SileroVadModel silero = SileroVadModel.load(file)) {
      RecordingOutput out = new RecordingOutput();
      SessionStream s =
          SessionStream.create(
              SessionStream.Defaults.STANDARD, new WindowDecoder(recognizer), silero);
      s.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
      List<float[]> chunks = SessionStreamTest.chunks(noise, 1600);
      for (int i = 0; i < chunks.size(); i++) {
        s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
      }
      assertEquals(0, recognizer.transcribeCalls);
      assertEquals(List.of(), out.segments);
    }
  }
}
