package io.captionflow.ingest.session;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;

/** Builds the START and END events the bridge publishes for a session. */
public final class SessionEvents {

  private SessionEvents() {}

  public static SessionEvent start(String sessionId, SessionSettings settings, long nowMillis) {
    return event(SessionEventType.START, sessionId, settings, nowMillis);
  }

  public static SessionEvent end(String sessionId, SessionSettings settings, long nowMillis) {
    return event(SessionEventType.END, sessionId, settings, nowMillis);
  }

  private static SessionEvent event(
      SessionEventType type, String sessionId, SessionSettings settings, long nowMillis) {
    return SessionEvent.newBuilder()
        .setSessionId(sessionId)
        .setType(type)
        .setLanguage(settings.language())
        .setLatencyMode(settings.latencyMode())
        .setDiarization(settings.diarization())
        .setMaxSpeakers(settings.maxSpeakers())
        .setSourceDescription(settings.sourceDescription())
        .setEventTimeMillis(nowMillis)
        .build();
  }
}
