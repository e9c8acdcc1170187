package io.captionflow.diarization.timeline;

import io.captionflow.diarization.model.SortformerModel;

/**
 * A session's diarization setting: off by default; when on, at most {@code maxSpeakers} (1–4)
 * speakers are told apart.
 */
public record DiarizationSettings(boolean enabled, int maxSpeakers) {

  public static final DiarizationSettings OFF =
      new DiarizationSettings(false, SortformerModel.SPEAKERS);

  public DiarizationSettings {
    if (maxSpeakers < 1 || maxSpeakers > SortformerModel.SPEAKERS) {
      throw new IllegalArgumentException(
          "max speakers must be 1 to " + SortformerModel.SPEAKERS + ", got " + maxSpeakers);
    }
  }

  public static DiarizationSettings on(int maxSpeakers) {
    return new DiarizationSettings(true, maxSpeakers);
  }
}
