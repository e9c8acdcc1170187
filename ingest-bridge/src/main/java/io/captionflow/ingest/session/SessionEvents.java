package io.captionflow.ingest.session;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;

/** Builds the START and END events the bridge publishes for a session. */
public final class SessionEvents {

    private SessionEvents() {
    }

    public static SessionEvent start(String sessionId, SessionSettings settings, long nowMillis) {
        return SessionEvent.newBuilder()
                .setSessionId(sessionId)
                .setType(SessionEventType.START)
                .setLanguage(settings.language())
                .setLatencyMode(settings.latencyMode())
                .setDiarization(settings.diarization())
                .setMaxSpeakers(settings.maxSpeakers())
                .setSourceDescription(settings.sourceDescription())
                .setEventTimeMillis(nowMillis)
                .build();
    }

    public static SessionEvent end(String sessionId, SessionSettings settings, long nowMillis) {
        return SessionEvent.newBuilder()
                .setSessionId(sessionId)
                .setType(SessionEventType.END)
                .setLanguage(settings.language())
                .setLatencyMode(settings.latencyMode())
                .setDiarization(settings.diarization())
                .setMaxSpeakers(settings.maxSpeakers())
                .setSourceDescription(settings.sourceDescription())
                .setEventTimeMillis(nowMillis)
                .build();
    }
}
