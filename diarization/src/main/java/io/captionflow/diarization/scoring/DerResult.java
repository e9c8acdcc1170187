package io.captionflow.diarization.scoring;

import java.util.Locale;
import java.util.Map;

/**
 * Diarization error over the scored time (collars excluded), all durations in seconds.
 *
 * @param scoredSpeech reference speaker time: sum over scored time of the number of reference
 *     speakers talking
 * @param missed reference speaker time with no hypothesis speaker to cover it
 * @param falseAlarm hypothesis speaker time beyond the reference speakers talking
 * @param confusion speaker time covered by a hypothesis speaker not mapped to the reference one
 * @param speakerMapping the hypothesis → reference label mapping that minimises confusion
 */
public record DerResult(
    double scoredSpeech,
    double missed,
    double falseAlarm,
    double confusion,
    Map<String, String> speakerMapping) {

  /**
   * (missed + false alarm + confusion) / scored speech; 0 when there is neither reference nor
   * hypothesis speech.
   */
  public double der() {
    double errors = missed + falseAlarm + confusion;
    if (scoredSpeech == 0) {
      return errors == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return errors / scoredSpeech;
  }

  DerResult plus(DerResult other) {
    Map<String, String> mapping = new java.util.TreeMap<>(speakerMapping);
    mapping.putAll(other.speakerMapping);
    return new DerResult(
        scoredSpeech + other.scoredSpeech,
        missed + other.missed,
        falseAlarm + other.falseAlarm,
        confusion + other.confusion,
        mapping);
  }

  public String summary() {
    return String.format(
        Locale.ROOT,
        "DER %.2f%% (scored speech %.3f s: missed %.3f s, false alarm %.3f s, confusion %.3f s)",
        100 * der(),
        scoredSpeech,
        missed,
        falseAlarm,
        confusion);
  }
}
