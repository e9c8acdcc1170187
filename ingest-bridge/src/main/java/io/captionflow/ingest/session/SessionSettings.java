package io.captionflow.ingest.session;

/**
 * What a session's START event announces.
 *
 * @param language BCP-47 tag (e.g. en, de) or null for the job's default
 * @param latencyMode job latency mode (e.g. speedy, pause-based) or null for the job's default
 * @param sourceDescription free text for operators, e.g. "stdin", "file:talk.wav", "ws:room-a"
 * @param diarization speaker diarization on (the job refuses the session if it has no diarization
 *     model)
 * @param maxSpeakers 1–4: how many speakers the job tells apart when diarization is on
 */
public record SessionSettings(
    String language,
    String latencyMode,
    String sourceDescription,
    boolean diarization,
    int maxSpeakers,
    boolean enhanceOnEnd) {

  public static final int MAX_SPEAKERS = 4;

  private static final java.util.regex.Pattern LANGUAGE =
      java.util.regex.Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");
  private static final java.util.regex.Pattern MODE =
      java.util.regex.Pattern.compile("[a-z][a-z-]{0,39}");

  /** Without speaker diarization. */
  public SessionSettings(String language, String latencyMode, String sourceDescription) {
    this(language, latencyMode, sourceDescription, false, MAX_SPEAKERS);
  }

  /** Without an enhanced transcript at the end. */
  public SessionSettings(
      String language,
      String latencyMode,
      String sourceDescription,
      boolean diarization,
      int maxSpeakers) {
    this(language, latencyMode, sourceDescription, diarization, maxSpeakers, false);
  }

  public SessionSettings {
    if (maxSpeakers < 1 || maxSpeakers > MAX_SPEAKERS) {
      throw new IllegalArgumentException(
          "invalid number of speakers " + maxSpeakers + ": expected 1 to " + MAX_SPEAKERS);
    }
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

  /** Same source, new language and mode (null keeps the current one). */
  public SessionSettings with(String newLanguage, String newMode) {
    return new SessionSettings(
        newLanguage != null ? newLanguage : language,
        newMode != null ? newMode : latencyMode,
        sourceDescription,
        diarization,
        maxSpeakers,
        enhanceOnEnd);
  }

  /** Same settings with speaker diarization on (at most {@code speakers} speakers) or off. */
  public SessionSettings withDiarization(boolean on, int speakers) {
    return new SessionSettings(
        language, latencyMode, sourceDescription, on, speakers, enhanceOnEnd);
  }

  /**
   * Same settings, asking (or not) for the enhanced transcript: after the session ends the job's
   * enhancer re-transcribes the whole recording with full context.
   */
  public SessionSettings withEnhanceOnEnd(boolean on) {
    return new SessionSettings(
        language, latencyMode, sourceDescription, diarization, maxSpeakers, on);
  }

  /** The WebSocket query's {@code enhance_on_end=true|false} (null: off). */
  public SessionSettings withEnhanceQuery(String param) {
    if (param == null || param.equals("false") || param.equals("off")) {
      return withEnhanceOnEnd(false);
    }
    if (param.equals("true") || param.equals("on")) {
      return withEnhanceOnEnd(true);
    }
    throw new IllegalArgumentException(
        "invalid enhance_on_end '" + param + "': expected true or false");
  }

  /**
   * Diarization from the WebSocket query ({@code diarization=on|off}, {@code speakers=1..4});
   * either may be null. {@code speakers} alone is refused: diarization is off unless asked for.
   */
  public SessionSettings withDiarizationQuery(String diarizationParam, String speakersParam) {
    boolean on;
    if (diarizationParam == null
        || diarizationParam.equals("off")
        || diarizationParam.equals("false")) {
      on = false;
    } else if (diarizationParam.equals("on") || diarizationParam.equals("true")) {
      on = true;
    } else {
      throw new IllegalArgumentException(
          "invalid diarization '" + diarizationParam + "': expected on or off");
    }
    if (speakersParam == null) {
      return withDiarization(on, MAX_SPEAKERS);
    }
    if (!on) {
      throw new IllegalArgumentException("speakers=" + speakersParam + " needs diarization=on");
    }
    try {
      return withDiarization(true, Integer.parseInt(speakersParam.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid number of speakers '" + speakersParam + "': expected 1 to " + MAX_SPEAKERS);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
