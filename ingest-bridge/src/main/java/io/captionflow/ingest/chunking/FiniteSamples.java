package io.captionflow.ingest.chunking;

import java.util.Locale;

/**
 * Finds NaN and infinite samples: such audio is refused with a reason, never turned into silence.
 */
public final class FiniteSamples {

  private FiniteSamples() {}

  /**
   * Why the first {@code length} samples are not all finite, or null when they are.
   *
   * @param firstIndex index of {@code samples[0]} in the whole stream, for the message
   * @param sampleRate rate of the stream, to say where the bad sample is in seconds
   */
  public static String problem(float[] samples, int length, long firstIndex, int sampleRate) {
    for (int i = 0; i < length; i++) {
      float s = samples[i];
      if (!Float.isFinite(s)) {
        long index = firstIndex + i;
        return String.format(
            Locale.ROOT,
            "sample %d (at %.3f s) is %s: audio samples must be finite numbers; refused",
            index,
            (double) index / sampleRate,
            Float.isNaN(s) ? "NaN" : s > 0 ? "+Infinity" : "-Infinity");
      }
    }
    return null;
  }
}
