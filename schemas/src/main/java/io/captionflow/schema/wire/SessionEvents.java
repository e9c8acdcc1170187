package io.captionflow.schema.wire;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;

/** Builds the START and END events of a session, as every producer publishes them. */
public final class SessionEvents {

  private SessionEvents() {}

  public static SessionEvent start(String sessionId, StartSettings settings, long nowMillis) {
    return event(SessionEventType.START, sessionId, settings, nowMillis).build();
  }

  /**
   * The END event; {@code lastSequence} is the session's last chunk, so the job ends the session
   * once that audio is processed, however early it reads the END.
   */
  public static SessionEvent end(
      String sessionId, StartSettings settings, long lastSequence, long nowMillis) {
    if (lastSequence < 0) {
      throw new IllegalArgumentException(
          "END of session " + sessionId + " needs the last chunk's sequence, got " + lastSequence);
    }
    return event(SessionEventType.END, sessionId, settings, nowMillis)
        .setLastSequence(lastSequence)
        .build();
  }

  private static SessionEvent.Builder event(
      SessionEventType type, String sessionId, StartSettings settings, long nowMillis) {
    return SessionEvent.newBuilder()
        .setSessionId(sessionId)
        .setType(type)
        .setLanguage(settings.language())
        .setLatencyMode(settings.latencyMode())
        .setDiarization(settings.diarization())
        .setMaxSpeakers(settings.maxSpeakers())
        .setEnhanceOnEnd(settings.enhanceOnEnd())
        .setSourceDescription(settings.sourceDescription())
        .setEventTimeMillis(nowMillis);
  }
}
