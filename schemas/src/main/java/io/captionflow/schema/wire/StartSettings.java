package io.captionflow.schema.wire;

import io.captionflow.schema.SessionEvent;
import java.util.regex.Pattern;

/**
 * What a session's START event announces, checked once for every producer and for the job: a
 * malformed value is refused with a message naming it.
 *
 * @param language BCP-47 tag (e.g. en, de) or null for the job's default
 * @param latencyMode job latency mode (e.g. speedy, pause-based) or null for the job's default
 * @param sourceDescription free text for operators, e.g. "stdin", "file:talk.wav", "ws:room-a"
 * @param diarization speaker diarization on (the job refuses the session if it has no diarization
 *     model)
 * @param maxSpeakers 1–4 when diarization is on: how many speakers the job tells apart
 * @param enhanceOnEnd after the session ends, the job re-transcribes its whole recording
 */
public record StartSettings(
    String language,
    String latencyMode,
    String sourceDescription,
    boolean diarization,
    int maxSpeakers,
    boolean enhanceOnEnd) {

  public static final int MAX_SPEAKERS = 4;

  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");
  // letters, - and _ in any case: the job reads "LOW_LATENCY" as low-latency
  private static final Pattern MODE = Pattern.compile("[A-Za-z][A-Za-z_-]{0,39}");

  /** Without speaker diarization. */
  public StartSettings(String language, String latencyMode, String sourceDescription) {
    this(language, latencyMode, sourceDescription, false, MAX_SPEAKERS);
  }

  /** Without an enhanced transcript at the end. */
  public StartSettings(
      String language,
      String latencyMode,
      String sourceDescription,
      boolean diarization,
      int maxSpeakers) {
    this(language, latencyMode, sourceDescription, diarization, maxSpeakers, false);
  }

  public StartSettings {
    requireSpeakers(diarization, maxSpeakers);
    language = blankToNull(language);
    latencyMode = blankToNull(latencyMode);
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw new IllegalArgumentException(
          "invalid language '" + language + "': expected a BCP-47 tag such as en or pt-BR");
    }
    if (latencyMode != null && !MODE.matcher(latencyMode).matches()) {
      throw new IllegalArgumentException(
          "invalid latency mode '"
              + latencyMode
              + "': expected e.g. speedy, pause-based, low-latency");
    }
  }

  /** The settings a START (or END) event carries, checked as a producer's would be. */
  public static StartSettings of(SessionEvent event) {
    return new StartSettings(
        event.getLanguage(),
        event.getLatencyMode(),
        event.getSourceDescription(),
        event.getDiarization(),
        event.getMaxSpeakers(),
        event.getEnhanceOnEnd());
  }

  /**
   * @throws IllegalArgumentException when diarization is on and {@code maxSpeakers} is outside 1 to
   *     {@link #MAX_SPEAKERS} (with diarization off the number is unused)
   */
  public static void requireSpeakers(boolean diarization, int maxSpeakers) {
    if (diarization && (maxSpeakers < 1 || maxSpeakers > MAX_SPEAKERS)) {
      throw new IllegalArgumentException(
          "invalid number of speakers " + maxSpeakers + ": expected 1 to " + MAX_SPEAKERS);
    }
  }

  /** Same source, new language and mode (null keeps the current one). */
  public StartSettings with(String newLanguage, String newMode) {
    return new StartSettings(
        newLanguage != null ? newLanguage : language,
        newMode != null ? newMode : latencyMode,
        sourceDescription,
        diarization,
        maxSpeakers,
        enhanceOnEnd);
  }

  /** Same settings with speaker diarization on (at most {@code speakers} speakers) or off. */
  public StartSettings withDiarization(boolean on, int speakers) {
    return new StartSettings(language, latencyMode, sourceDescription, on, speakers, enhanceOnEnd);
  }

  /**
   * Same settings, asking (or not) for the enhanced transcript: after the session ends the job's
   * enhancer re-transcribes the whole recording with full context.
   */
  public StartSettings withEnhanceOnEnd(boolean on) {
    return new StartSettings(
        language, latencyMode, sourceDescription, diarization, maxSpeakers, on);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
