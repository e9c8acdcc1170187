package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.asr.vad.SileroVadModel;
import io.captionflow.asr.vad.VadStreamState;
import io.captionflow.audio.WavReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Silero through the session's VAD track, its memory stored and read back after every frame,
 * decides exactly as Silero with its own stream state.
 */
class VadTrackSileroTest {

  @Test
  void storedTrackCarriesSileroMemoryExactly() throws Exception {
    Path file = SileroVadModel.pathFromEnvironment(System.getenv());
    assumeTrue(Files.isRegularFile(file), "Silero VAD model not present at " + file);
    float[] audio =
        WavReader.read(
                Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
                    .resolve("../shared/testdata/speech/jfk/jfk.wav")
                    .normalize())
            .samples();
    try (SileroVadModel silero = SileroVadModel.load(file)) {
      VadTrack track = new VadTrack(silero, 200);
      VadStreamState direct = silero.initialState();
      int speechFrames = 0;
      for (int f = 0; f < 150; f++) {
        float[] frame = Arrays.copyOfRange(audio, f * 512, (f + 1) * 512);
        track.push(frame, 0, 512);
        track = storedAndRead(track, silero); // as if written to and read back from keyed state
        boolean speech = silero.speechProbability(frame, direct) >= 0.5f;
        assertEquals(speech, track.hasSpeech(f * 512L, (f + 1) * 512L), "frame " + f);
        speechFrames += speech ? 1 : 0;
      }
      assertEquals(
          true, speechFrames > 50, "jfk.wav opens with speech: " + speechFrames + " of 150 frames");
    }
  }

  private static VadTrack storedAndRead(VadTrack track, SileroVadModel silero) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    track.write(new DataOutputStream(bytes));
    return VadTrack.read(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), silero);
  }
}
