package io.captionflow.diarization.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The diarization model takes the recognizer's device forms, so both can share one GPU. */
class SortformerConfigTest {

  @Test
  void aCudaDeviceIndexIsAccepted() {
    SortformerConfig c = new SortformerConfig(Path.of("s.onnx"), "cuda:2", 1, Optional.empty());
    assertEquals("cuda:2", c.device());
  }

  @Test
  void anUnknownDeviceIsRefusedWithTheForms() {
    assertEquals(
        "device must be cpu, cuda or cuda:N (N = CUDA device index), got 'gpu0'",
        assertThrows(
                IllegalArgumentException.class,
                () -> new SortformerConfig(Path.of("s.onnx"), "gpu0", 1, Optional.empty()))
            .getMessage());
  }
}
