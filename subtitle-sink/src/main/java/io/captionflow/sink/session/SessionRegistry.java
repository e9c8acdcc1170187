package io.captionflow.sink.session;

import io.captionflow.schema.TranscriptEvent;
import io.captionflow.sink.fanout.CloseCodes;
import io.captionflow.sink.fanout.Subscriber;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All sessions this sink knows, by id. Events arrive from the consumer thread, subscriptions from
 * Jetty threads; each session is touched inside its map entry's lock, so a session being forgotten
 * can never swallow an event or a subscriber arriving at the same moment.
 */
public final class SessionRegistry {

  private final ConcurrentHashMap<String, LiveSession> sessions = new ConcurrentHashMap<>();
  private final int historySize;
  private final AtomicLong duplicatesDropped = new AtomicLong();

  public SessionRegistry(int historySize) {
    this.historySize = historySize;
  }

  /** Applies one event from the segments topic; {@code atMillis} is the record's timestamp. */
  public void accept(TranscriptEvent event, long atMillis) {
    String sessionId = event.getSessionId();
    sessions.compute(
        sessionId,
        (id, session) -> {
          LiveSession s = session != null ? session : new LiveSession(id, historySize, atMillis);
          if (!s.accept(event.getEvent(), event.getRun(), atMillis)) {
            duplicatesDropped.incrementAndGet();
          }
          return s;
        });
  }

  /** Subscribes to a session, creating it (state WAITING) when no event arrived yet. */
  public void subscribe(String sessionId, Subscriber subscriber, ResumePoint after) {
    sessions.compute(
        sessionId,
        (id, session) -> {
          LiveSession s =
              session != null
                  ? session
                  : new LiveSession(id, historySize, System.currentTimeMillis());
          s.subscribe(subscriber, after);
          return s;
        });
  }

  public void unsubscribe(Subscriber subscriber) {
    LiveSession s = sessions.get(subscriber.sessionId());
    if (s != null) {
      s.unsubscribe(subscriber);
    }
  }

  public Optional<LiveSession> find(String sessionId) {
    return Optional.ofNullable(sessions.get(sessionId));
  }

  public List<SessionSummary> summaries() {
    return sessions.values().stream()
        .map(LiveSession::summary)
        .sorted(Comparator.comparing(SessionSummary::sessionId))
        .toList();
  }

  public List<Subscriber> allSubscribers() {
    return sessions.values().stream().flatMap(s -> s.subscribers().stream()).toList();
  }

  public long duplicatesDropped() {
    return duplicatesDropped.get();
  }

  /** Forgets sessions nobody listens to whose last event is older than {@code retentionMillis}. */
  public void forgetIdle(long nowMillis, long retentionMillis) {
    for (String id : sessions.keySet()) {
      sessions.computeIfPresent(id, (k, s) -> s.forgettable(nowMillis, retentionMillis) ? null : s);
    }
  }

  /** Closes every subscriber (server shutdown). */
  public void closeAll() {
    sessions
        .values()
        .forEach(s -> s.closeAll(CloseCodes.GOING_AWAY, "subtitle sink shutting down"));
  }
}
