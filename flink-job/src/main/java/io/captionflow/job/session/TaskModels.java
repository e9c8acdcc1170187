package io.captionflow.job.session;

import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.asr.vad.VadModel;
import io.captionflow.diarization.model.DiarizationAvailability;
import io.captionflow.job.inference.CudaDeviceSelection;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.inference.SharedModels;
import io.captionflow.job.inference.WindowDecoder;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The models this task's sessions share, each leased from {@link SharedModels} (loaded once per
 * task manager) and returned on {@link #close}: the offline and streaming recognizers the spec
 * names, Silero VAD (else the RMS fallback) and diarization.
 */
final class TaskModels implements AutoCloseable {

  private SharedModels.Lease<SpeechRecognizer> recognizer;
  private SharedModels.Lease<StreamingRecognizer> streaming;
  private SharedModels.Lease<VadModel> silero;
  private SharedModels.Lease<DiarizationAvailability> diarization;
  private final SessionModels models;

  TaskModels(ModelSpec spec, RuntimeContext runtime) {
    // this task manager's GPU (Flink's gpu external resource), if it has one
    ModelSpec task = CudaDeviceSelection.forTask(spec, runtime);
    WindowDecoder decoder = null;
    if (task.hasOfflineModel()) {
      recognizer = task.acquireRecognizer();
      decoder = new WindowDecoder(recognizer.model());
    }
    if (task.hasStreamingModel()) {
      streaming = task.acquireStreamingRecognizer();
    }
    VadModel vad;
    if (task.hasSileroVad()) {
      silero = task.acquireSileroVad();
      vad = silero.model();
    } else {
      vad = new RmsEnergyModel();
    }
    diarization = task.acquireDiarization();
    models =
        new SessionModels(
            decoder,
            streaming == null ? null : streaming.model(),
            vad,
            new Diarization(diarization.model()));
  }

  SessionModels models() {
    return models;
  }

  @Override
  public void close() {
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
    }
    if (streaming != null) {
      streaming.close();
      streaming = null;
    }
    if (silero != null) {
      silero.close();
      silero = null;
    }
    if (diarization != null) {
      diarization.close();
      diarization = null;
    }
  }
}
