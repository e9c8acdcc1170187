package io.captionflow.diarization.streaming;

/** Diarizes a whole recording through the same streaming path a live session takes. */
public final class FileDiarizer {

  private FileDiarizer() {}

  /** Activities for every frame of {@code samples} (16 kHz mono). */
  public static SpeakerActivity diarize(StreamingDiarizer diarizer, float[] samples) {
    StreamingDiarizer.Step step = diarizer.accept(DiarizationState.initial(), samples);
    return step.activity().append(diarizer.flush(step.state()).activity());
  }
}
