package io.captionflow.asr.parakeet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.parakeet.RecognizerConfig.Device;
import io.captionflow.asr.parakeet.RecognizerConfig.Precision;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Precision and device come from flags and the environment in every form the README names. */
class RecognizerConfigTest {

  @Test
  void devicesNameTheKindAndTheCudaIndex() {
    assertEquals(Device.CPU, RecognizerConfig.parseDevice("cpu"));
    assertEquals(0, RecognizerConfig.parseCudaDevice("cpu"));
    assertEquals(Device.CUDA, RecognizerConfig.parseDevice("cuda"));
    assertEquals(0, RecognizerConfig.parseCudaDevice("cuda"));
    assertEquals(Device.CUDA, RecognizerConfig.parseDevice(" CUDA:3 "));
    assertEquals(3, RecognizerConfig.parseCudaDevice(" CUDA:3 "));
    assertEquals(Device.CPU, RecognizerConfig.parseDevice(null));
    assertEquals(0, RecognizerConfig.parseCudaDevice(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpu", "cpu:1", "cuda:", "cuda:-1", "cuda:x", "cuda:1:2"})
  void aDeviceThatIsNoneOfTheFormsIsRefusedWithTheForms(String value) {
    assertEquals(
        "device must be cpu, cuda or cuda:N (N = CUDA device index), got '" + value + "'",
        assertThrows(IllegalArgumentException.class, () -> RecognizerConfig.parseDevice(value))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> RecognizerConfig.parseCudaDevice(value));
  }

  @Test
  void precisionsAreFp32Fp16AndInt8() {
    assertEquals(Precision.FP32, RecognizerConfig.parsePrecision("fp32"));
    assertEquals(Precision.FP16, RecognizerConfig.parsePrecision("FP16"));
    assertEquals(Precision.INT8, RecognizerConfig.parsePrecision(" int8 "));
    assertEquals(
        "precision must be one of fp32, fp16, int8, got 'fp8'",
        assertThrows(IllegalArgumentException.class, () -> RecognizerConfig.parsePrecision("fp8"))
            .getMessage());
  }

  @Test
  void theEnvironmentSetsPrecisionAndDevice() {
    RecognizerConfig c =
        RecognizerConfig.fromEnvironment(
            Map.of(
                "PARAKEET_MODEL_DIR", "/m",
                "CAPTIONFLOW_PRECISION", "int8",
                "CAPTIONFLOW_DEVICE", "cuda:2"));
    assertEquals(new RecognizerConfig(Path.of("/m"), Precision.INT8, Device.CUDA, 0, 2), c);
    assertEquals("cuda:2", c.deviceId());
    RecognizerConfig defaults =
        RecognizerConfig.fromEnvironment(Map.of("PARAKEET_MODEL_DIR", "/m"));
    assertEquals(new RecognizerConfig(Path.of("/m"), Precision.FP32, Device.CPU, 0, 0), defaults);
    assertEquals("cpu", defaults.deviceId());
  }

  @Test
  void withDeviceKeepsTheRest() {
    RecognizerConfig c =
        RecognizerConfig.of(Path.of("/m")).withPrecision(Precision.FP16).withIntraOpThreads(3);
    assertEquals(
        new RecognizerConfig(Path.of("/m"), Precision.FP16, Device.CUDA, 3, 5),
        c.withDevice("cuda:5"));
    assertEquals(
        new RecognizerConfig(Path.of("/m"), Precision.FP16, Device.CPU, 3, 0), c.withDevice("cpu"));
  }

  @Property(tries = 50)
  void everyCudaIndexReadsBackFromItsDeviceId(@ForAll @IntRange(min = 0, max = 9999) int index) {
    RecognizerConfig c = RecognizerConfig.of(Path.of("/m")).withDevice("cuda:" + index);
    assertEquals(Device.CUDA, c.device());
    assertEquals(index, c.cudaDevice());
    assertEquals(c, RecognizerConfig.of(Path.of("/m")).withDevice(c.deviceId()));
  }
}
