package io.captionflow.job.inference;

import io.captionflow.diarization.model.DiarizationAvailability;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.diarization.timeline.DiarizationSettings;
import java.util.Optional;

/**
 * What this task manager's sessions can use to tell speakers apart: the shared streaming diarizer,
 * or the reason there is none (then a session asking for diarization is refused at its start).
 */
public final class Diarization {

  private final DiarizationAvailability availability;
  private final StreamingDiarizer diarizer;

  public Diarization(DiarizationAvailability availability) {
    this.availability = availability;
    this.diarizer = availability.model().map(StreamingDiarizer::new).orElse(null);
  }

  /** No model configured: every diarized session is refused. */
  public static Diarization unavailable() {
    return new Diarization(DiarizationAvailability.load(Optional.empty()));
  }

  /** Why a session with these settings must be refused; empty when it may start. */
  public Optional<String> refusal(boolean enabled, int maxSpeakers) {
    return enabled ? availability.refusal(DiarizationSettings.on(maxSpeakers)) : Optional.empty();
  }

  /** The shared diarizer (only when {@link #refusal} allowed a diarized session). */
  public StreamingDiarizer diarizer() {
    if (diarizer == null) {
      throw new IllegalStateException("no Sortformer model loaded");
    }
    return diarizer;
  }
}
