package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.audio.WavReader;
import io.captionflow.inference.vad.SileroVadModel;
import io.captionflow.inference.vad.VadStreamState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Silero through the job's frame adapter scores exactly as Silero with its own stream state. */
class VadModelFramesTest {

  @Test
  void sessionStateArrayCarriesSileroMemoryExactly() throws Exception {
    Path file = SileroVadModel.pathFromEnvironment(System.getenv());
    assumeTrue(Files.isRegularFile(file), "Silero VAD model not present at " + file);
    float[] audio =
        WavReader.read(
                Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
                    .resolve("../shared/testdata/speech/jfk/jfk.wav")
                    .normalize())
            .samples();
    try (SileroVadModel silero = SileroVadModel.load(file)) {
      VadModelFrames adapter = new VadModelFrames(silero);
      float[] state = adapter.initialState();
      VadStreamState direct = silero.initialState();
      int speechFrames = 0;
      for (int f = 0; f < 150; f++) {
        float[] frame = Arrays.copyOfRange(audio, f * 512, (f + 1) * 512);
        float viaAdapter = adapter.speechProbability(frame, state);
        state = state.clone(); // as if written to and read back from keyed state
        assertEquals(silero.speechProbability(frame, direct), viaAdapter, 0f, "frame " + f);
        speechFrames += viaAdapter >= 0.5f ? 1 : 0;
      }
      assertEquals(
          true, speechFrames > 50, "jfk.wav opens with speech: " + speechFrames + " of 150 frames");
    }
  }
}
