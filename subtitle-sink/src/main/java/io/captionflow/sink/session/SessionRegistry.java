package io.captionflow.sink.session;

import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.sink.fanout.Subscriber;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * All sessions this sink knows, by id. Events arrive from the consumer thread, subscriptions from
 * Jetty threads; each session is touched inside its map entry's lock, so a session being forgotten
 * can never swallow an event or a subscriber arriving at the same moment.
 */
public final class SessionRegistry {

  private final ConcurrentHashMap<String, LiveSession> sessions = new ConcurrentHashMap<>();
  private final int historySize;
  private final int enhancedWordLimit;
  private final Map<EventOutcome, LongAdder> outcomes = new EnumMap<>(EventOutcome.class);
  private final ErrorRateHistogram enhancedErrorRates = new ErrorRateHistogram();

  public SessionRegistry(int historySize) {
    this(historySize, EnhancedTranscript.DEFAULT_WORD_LIMIT);
  }

  /**
   * @param historySize confirmed live segments kept per session
   * @param enhancedWordLimit words of a run's enhanced transcript kept per session
   */
  public SessionRegistry(int historySize, int enhancedWordLimit) {
    this.historySize = historySize;
    this.enhancedWordLimit = enhancedWordLimit;
    for (EventOutcome outcome : EventOutcome.values()) {
      outcomes.put(outcome, new LongAdder());
    }
  }

  /** Applies one event from the segments topic; {@code atMillis} is the record's timestamp. */
  public void accept(TranscriptEvent event, long atMillis) {
    String sessionId = event.getSessionId();
    sessions.compute(
        sessionId,
        (id, session) -> {
          LiveSession s =
              session != null
                  ? session
                  : new LiveSession(id, historySize, enhancedWordLimit, atMillis);
          EventOutcome outcome = s.accept(event.getEvent(), event.getRun(), atMillis);
          outcomes.get(outcome).increment();
          if (outcome == EventOutcome.APPLIED && completesEnhancement(event.getEvent())) {
            Double errorRate = s.enhancedErrorRate();
            if (errorRate != null) {
              enhancedErrorRates.observe(errorRate);
            }
          }
          return s;
        });
  }

  private static boolean completesEnhancement(Object event) {
    return event instanceof SessionStatus status && status.getState() == SessionState.ENHANCED;
  }

  /** Subscribes to a session, creating it (state WAITING) when no event arrived yet. */
  public void subscribe(String sessionId, Subscriber subscriber, ResumePoint after) {
    sessions.compute(
        sessionId,
        (id, session) -> {
          LiveSession s =
              session != null
                  ? session
                  : new LiveSession(id, historySize, enhancedWordLimit, System.currentTimeMillis());
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
    return outcomes.get(EventOutcome.DUPLICATE).sum();
  }

  /**
   * Events ignored for {@code reason} (an outcome whose {@link EventOutcome#ignored()} is true).
   */
  public long ignored(EventOutcome reason) {
    if (!reason.ignored()) {
      throw new IllegalArgumentException(reason + " is not a reason to ignore an event");
    }
    return outcomes.get(reason).sum();
  }

  /**
   * Live-against-enhanced error rates, one per ENHANCED status applied (a retried enhancement
   * counts again).
   */
  public ErrorRateHistogram enhancedErrorRates() {
    return enhancedErrorRates;
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
