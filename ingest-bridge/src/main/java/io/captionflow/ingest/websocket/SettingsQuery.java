package io.captionflow.ingest.websocket;

import io.captionflow.schema.wire.StartSettings;

/** The session settings a WebSocket publisher asks for in its query, on top of lang and mode. */
final class SettingsQuery {

  private SettingsQuery() {}

  /** The query's {@code enhance_on_end=true|false} (null: off). */
  static StartSettings withEnhance(StartSettings settings, String param) {
    if (param == null || param.equals("false") || param.equals("off")) {
      return settings.withEnhanceOnEnd(false);
    }
    if (param.equals("true") || param.equals("on")) {
      return settings.withEnhanceOnEnd(true);
    }
    throw new IllegalArgumentException(
        "invalid enhance_on_end '" + param + "': expected true or false");
  }

  /**
   * Diarization from the query ({@code diarization=on|off}, {@code speakers=1..4}); either may be
   * null. {@code speakers} alone is refused: diarization is off unless asked for.
   */
  static StartSettings withDiarization(
      StartSettings settings, String diarizationParam, String speakersParam) {
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
      return settings.withDiarization(on, StartSettings.MAX_SPEAKERS);
    }
    if (!on) {
      throw new IllegalArgumentException("speakers=" + speakersParam + " needs diarization=on");
    }
    try {
      return settings.withDiarization(true, Integer.parseInt(speakersParam.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid number of speakers '"
              + speakersParam
              + "': expected 1 to "
              + StartSettings.MAX_SPEAKERS);
    }
  }
}
