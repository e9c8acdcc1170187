package io.captionflow.diarization.scoring;

import java.util.Objects;

/**
 * One stretch of speech by one speaker, as an RTTM {@code SPEAKER} line says it.
 *
 * @param file recording id (RTTM field 2)
 * @param channel channel number (RTTM field 3, usually 1)
 * @param start seconds from the recording's start
 * @param end seconds from the recording's start, {@code > start}
 * @param speaker speaker label
 */
public record SpeakerTurn(String file, int channel, double start, double end, String speaker) {

  public SpeakerTurn {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(speaker, "speaker");
    if (!(start >= 0) || !(end > start)) {
      throw new IllegalArgumentException(
          "speaker turn needs 0 <= start < end, got start=" + start + " end=" + end);
    }
    if (file.isBlank() || speaker.isBlank() || file.contains(" ") || speaker.contains(" ")) {
      throw new IllegalArgumentException(
          "file id and speaker label must be non-empty and without spaces: '"
              + file
              + "', '"
              + speaker
              + "'");
    }
  }

  public double duration() {
    return end - start;
  }
}
