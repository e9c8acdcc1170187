package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

/** The CUDA device comes from Flink's GPU resource when the task manager has one. */
class CudaDeviceSelectionTest {

  static final ModelSpec CUDA = ModelSpec.parakeet(Path.of("/models/p"), "cuda", null);

  /** What Flink's GPU driver gives each GPU: properties by name. */
  record Gpu(Map<String, String> properties) implements ExternalResourceInfo {
    static Gpu index(int i) {
      return new Gpu(Map.of(CudaDeviceSelection.INDEX, Integer.toString(i)));
    }

    @Override
    public Optional<String> getProperty(String key) {
      return Optional.ofNullable(properties.get(key));
    }

    @Override
    public Collection<String> getKeys() {
      return new TreeMap<>(properties).keySet();
    }
  }

  @Test
  void theTaskManagersGpuReplacesTheConfiguredDevice() {
    ModelSpec chosen = CudaDeviceSelection.select(CUDA, Set.of(Gpu.index(3)), 0);
    assertEquals("cuda:3", chosen.device());
    assertEquals(3, chosen.recognizerConfig().cudaDevice());
    // a different device is a different shared model
    assertNotEquals(CUDA.recognizerKey(), chosen.recognizerKey());
    assertEquals(CUDA.onDevice(3).recognizerKey(), chosen.recognizerKey());
  }

  @Test
  void withoutTheResourceTheConfiguredDeviceStays() {
    ModelSpec onTwo = ModelSpec.parakeet(Path.of("/models/p"), "cuda:2", null);
    assertSame(onTwo, CudaDeviceSelection.select(onTwo, Set.of(), 5));
    assertEquals(2, onTwo.recognizerConfig().cudaDevice());
    assertEquals(0, CUDA.recognizerConfig().cudaDevice());
  }

  @Test
  void cpuModelsIgnoreTheGpu() {
    ModelSpec cpu = ModelSpec.parakeet(Path.of("/models/p"), "cpu", null);
    assertSame(cpu, CudaDeviceSelection.select(cpu, Set.of(Gpu.index(1)), 0));
    assertEquals(
        "models configured for 'cpu' cannot move to CUDA device 1",
        assertThrows(IllegalStateException.class, () -> cpu.onDevice(1)).getMessage());
  }

  @Test
  void subtasksTakeTheTaskManagersGpusInTurnByIndex() {
    Set<ExternalResourceInfo> gpus = Set.of(Gpu.index(5), Gpu.index(1), Gpu.index(3));
    List<String> devices = new ArrayList<>();
    for (int subtask = 0; subtask < 5; subtask++) {
      devices.add(CudaDeviceSelection.select(CUDA, gpus, subtask).device());
    }
    assertEquals(List.of("cuda:1", "cuda:3", "cuda:5", "cuda:1", "cuda:3"), devices);
  }

  @Test
  void aGpuWithoutAUsableIndexIsAClearError() {
    assertEquals(
        "Flink's 'gpu' resource has no 'index' property (it has [uuid]): is"
            + " external-resource.gpu.driver-factory.class Flink's GPUDriverFactory?",
        assertThrows(
                IllegalStateException.class,
                () -> CudaDeviceSelection.select(CUDA, Set.of(new Gpu(Map.of("uuid", "x"))), 0))
            .getMessage());
    assertEquals(
        "Flink's 'gpu' resource gave the CUDA device index 'GPU-1', expected a whole number >= 0",
        assertThrows(
                IllegalStateException.class,
                () ->
                    CudaDeviceSelection.select(CUDA, Set.of(new Gpu(Map.of("index", "GPU-1"))), 0))
            .getMessage());
  }

  @Property(tries = 30)
  void everyRunOfNConsecutiveSubtasksUsesEachGpuOnce(
      @ForAll @Size(min = 1, max = 8) @UniqueElements
          List<@IntRange(min = 0, max = 15) Integer> indices,
      @ForAll @IntRange(min = 0, max = 200) int firstSubtask) {
    Set<ExternalResourceInfo> gpus = new java.util.HashSet<>();
    indices.forEach(i -> gpus.add(Gpu.index(i)));
    List<Integer> used = new ArrayList<>();
    for (int s = firstSubtask; s < firstSubtask + indices.size(); s++) {
      used.add(CudaDeviceSelection.select(CUDA, gpus, s).recognizerConfig().cudaDevice());
    }
    assertEquals(indices.stream().sorted().toList(), used.stream().sorted().toList());
  }
}
