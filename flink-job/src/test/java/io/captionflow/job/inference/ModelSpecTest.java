package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.parakeet.RecognizerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Precision, device and ONNX Runtime threads of the models an operator loads. */
class ModelSpecTest {

  final ModelSpec spec = ModelSpec.parakeet(Path.of("/models/p"), "cuda", null);

  @Test
  void precisionAndDeviceReachTheRecognizerConfig() {
    RecognizerConfig c = spec.withPrecision("int8").onDevice(1).recognizerConfig();
    assertEquals(
        new RecognizerConfig(
            Path.of("/models/p"),
            RecognizerConfig.Precision.INT8,
            RecognizerConfig.Device.CUDA,
            0,
            1),
        c);
  }

  @Test
  void eachPrecisionAndDeviceIsItsOwnSharedModel() {
    assertNotEquals(spec.recognizerKey(), spec.withPrecision("fp16").recognizerKey());
    assertNotEquals(spec.onDevice(0).recognizerKey(), spec.onDevice(1).recognizerKey());
    assertEquals(spec.recognizerKey(), spec.onDevice(0).recognizerKey()); // cuda is cuda:0
  }

  @Test
  void theWithersKeepEverythingElse() {
    ModelSpec s =
        spec.withSortformerModel("/models/sortformer.onnx")
            .withOrtThreads(8)
            .withPrecision("fp16")
            .onDevice(2);
    assertEquals(
        new ModelSpec(
            "/models/p",
            "cuda:2",
            "fp16",
            0,
            null,
            ModelSpec.PARAKEET,
            "/models/sortformer.onnx",
            8,
            null,
            ModelSpec.CACHE_AWARE),
        s);
  }

  @Test
  void badValuesAreRefusedWhereTheJobIsBuilt() {
    assertEquals(
        "precision must be one of fp32, fp16, int8, got 'fp8'",
        assertThrows(IllegalArgumentException.class, () -> spec.withPrecision("fp8")).getMessage());
    assertEquals(
        "ONNX Runtime threads must be >= 0 (0 = ONNX Runtime's default), got -2",
        assertThrows(IllegalArgumentException.class, () -> spec.withOrtThreads(-2)).getMessage());
    assertEquals(
        "device must be cpu, cuda or cuda:N (N = CUDA device index), got 'tpu'",
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelSpec.parakeet(Path.of("/m"), "tpu", null))
            .getMessage());
    assertEquals(
        "CUDA device index must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> spec.onDevice(-1)).getMessage());
  }
}
