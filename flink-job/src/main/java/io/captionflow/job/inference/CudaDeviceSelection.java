package io.captionflow.job.inference;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which CUDA device a task's models run on. A task manager started with Flink's GPU resource
 * ({@code external-resources: gpu}, {@code external-resource.gpu.*}) tells each task the GPUs it
 * was given, each with the property {@code index}: the models go there, not to the configured
 * device, so task managers sharing a host do not all load onto device 0. With several GPUs, subtask
 * i takes the (i mod n)-th by index. Without the resource, or for CPU models, the configured device
 * stays ({@code cuda:N}, plain {@code cuda} = 0).
 */
public final class CudaDeviceSelection {

  /** The resource name in Flink's configuration ({@code external-resources: gpu}). */
  public static final String RESOURCE = "gpu";

  /** The property Flink's GPU driver gives each GPU: its CUDA device index. */
  public static final String INDEX = "index";

  private static final Logger LOG = LoggerFactory.getLogger(CudaDeviceSelection.class);

  private CudaDeviceSelection() {}

  /** {@code models} on the GPU this operator's task manager was given, if any. */
  public static ModelSpec forTask(ModelSpec models, RuntimeContext context) {
    Collection<ExternalResourceInfo> gpus = context.getExternalResourceInfos(RESOURCE);
    int subtask = context.getTaskInfo().getIndexOfThisSubtask();
    ModelSpec chosen = select(models, gpus, subtask);
    if (!gpus.isEmpty() && models.onCuda()) {
      LOG.info(
          "subtask {} runs its models on {} (task manager GPUs by index: {})",
          subtask,
          chosen.device(),
          indices(gpus));
    }
    return chosen;
  }

  /** {@code models} on the {@code subtask mod n}-th of the {@code gpus}, by index. */
  public static ModelSpec select(
      ModelSpec models, Collection<ExternalResourceInfo> gpus, int subtask) {
    if (!models.onCuda() || gpus.isEmpty()) {
      return models;
    }
    if (subtask < 0) {
      throw new IllegalArgumentException("subtask index must be >= 0, got " + subtask);
    }
    List<Integer> indices = indices(gpus);
    return models.onDevice(indices.get(subtask % indices.size()));
  }

  private static List<Integer> indices(Collection<ExternalResourceInfo> gpus) {
    return gpus.stream().map(CudaDeviceSelection::index).sorted().toList();
  }

  private static int index(ExternalResourceInfo gpu) {
    String value =
        gpu.getProperty(INDEX)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Flink's '"
                            + RESOURCE
                            + "' resource has no '"
                            + INDEX
                            + "' property (it has "
                            + gpu.getKeys()
                            + "): is external-resource.gpu.driver-factory.class Flink's"
                            + " GPUDriverFactory?"));
    try {
      int index = Integer.parseInt(value.trim());
      if (index < 0) {
        throw new NumberFormatException();
      }
      return index;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "Flink's '"
              + RESOURCE
              + "' resource gave the CUDA device index '"
              + value
              + "', expected a whole number >= 0");
    }
  }
}
