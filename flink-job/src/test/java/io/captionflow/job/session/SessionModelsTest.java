package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionModelsTest {

  final Diarization noDiarization = Diarization.unavailable();

  @Test
  void anOfflineModelServesEveryModeButStreaming() {
    SessionModels offline =
        new SessionModels(
            new WindowDecoder(new LevelRecognizer()), null, new RmsEnergyModel(), noDiarization);
    for (LatencyMode mode : LatencyMode.offline()) {
      assertEquals(Optional.empty(), offline.refusal(mode), mode.id());
    }
    assertEquals(
        Optional.of(
            "latency mode 'streaming' needs a cache-aware streaming model, and this job has only"
                + " an offline TDT model: start the job with --streaming-model DIR, or ask for"
                + " another mode"),
        offline.refusal(LatencyMode.STREAMING));
  }

  @Test
  void withoutAnOfflineModelTheWindowModesAreRefused() {
    SessionModels none = new SessionModels(null, null, new RmsEnergyModel(), noDiarization);
    assertEquals(
        Optional.of(
            "latency mode 'chunked' needs an offline TDT model, and this job has only a"
                + " cache-aware streaming model: ask for latency mode 'streaming', or start the"
                + " job with --model DIR"),
        none.refusal(LatencyMode.CHUNKED));
  }

  @Test
  void aSessionAskingForSpeakersNeedsADiarizationModel() {
    SessionModels offline =
        new SessionModels(
            new WindowDecoder(new LevelRecognizer()), null, new RmsEnergyModel(), noDiarization);
    SessionSettings diarized = SessionSettings.of(LatencyMode.SPEEDY).withDiarization(true, 3);
    assertEquals(noDiarization.refusal(true, 3), offline.refusal(diarized));
    assertEquals(Optional.empty(), offline.refusal(SessionSettings.of(LatencyMode.SPEEDY)));
  }
}
