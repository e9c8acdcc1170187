package io.captionflow.diarization.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.diarization.fixture.SortformerFixture;
import io.captionflow.diarization.timeline.DiarizationSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiarizationAvailabilityTest {

  @TempDir Path dir;

  @Test
  void noModelRefusesOnlySessionsThatAskForDiarization() {
    try (DiarizationAvailability a = DiarizationAvailability.fromEnvironment(Map.of())) {
      assertEquals(Optional.empty(), a.refusal(DiarizationSettings.OFF));
      assertEquals(
          Optional.of(
              "speaker diarization was requested but is unavailable: no Sortformer model is configured"
                  + " (set SORTFORMER_MODEL_PATH to the diar_streaming_sortformer_4spk-v2 ONNX file)"),
          a.refusal(DiarizationSettings.on(2)));
    }
  }

  @Test
  void missingFileIsTheReason() {
    Path missing = dir.resolve("gone.onnx");
    try (DiarizationAvailability a =
        DiarizationAvailability.fromEnvironment(
            Map.of("SORTFORMER_MODEL_PATH", missing.toString()))) {
      assertEquals(
          Optional.of(
              "speaker diarization was requested but is unavailable: Sortformer model not found: "
                  + missing
                  + " is missing (set SORTFORMER_MODEL_PATH to diar_streaming_sortformer_4spk-v2.onnx or v2.1.onnx)"),
          a.refusal(DiarizationSettings.on(4)));
    }
  }

  @Test
  void loadedModelAcceptsSessions() {
    Path model = SortformerFixture.write(dir.resolve("f.onnx"));
    try (DiarizationAvailability a =
        DiarizationAvailability.fromEnvironment(
            Map.of("SORTFORMER_MODEL_PATH", model.toString()))) {
      assertEquals(Optional.empty(), a.refusal(DiarizationSettings.on(4)));
      assertTrue(a.model().isPresent());
    }
  }
}
