package io.captionflow.sink.session;

import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SpeechActivity;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.sink.fanout.Subscriber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One session as the sink sees it: its confirmed history (bounded), the current partial, and its
 * subscribers. Events and subscriptions are serialised on this object, so a joining subscriber gets
 * the history and then every later event: no gap, no duplicate. Re-delivered finals (same
 * deterministic id, or a sequence already passed) and stale partials are dropped here.
 */
public final class LiveSession {

  /** Before any event arrived (a display opened early), live, or over. */
  public enum State {
    WAITING,
    LIVE,
    ENDED,
    EXPIRED,
    REFUSED
  }

  private record Stored(Caption caption, String json) {}

  private final String id;
  private final int historySize;
  private final int seenIdLimit;
  private final ArrayDeque<Stored> history = new ArrayDeque<>();
  private final LinkedHashSet<String> seenFinalIds = new LinkedHashSet<>();
  // Copy-on-write: a send may fail inline and unsubscribe while publish is iterating.
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private Stored partial;
  private long lastSequence = -1;
  private State state = State.WAITING;
  private String language;
  private boolean speaking;
  private long lastEventMillis;
  private Long lastSegmentMillis;
  private long duplicatesDropped;

  LiveSession(String id, int historySize, long createdMillis) {
    this.id = id;
    this.historySize = historySize;
    this.seenIdLimit = Math.max(4 * historySize, 1024);
    this.lastEventMillis = createdMillis;
  }

  public String id() {
    return id;
  }

  /**
   * Applies one event and sends it to the subscribers; false when it was a duplicate or stale and
   * dropped.
   */
  synchronized boolean accept(Object event, long atMillis) {
    lastEventMillis = Math.max(lastEventMillis, atMillis);
    if (event instanceof SubtitleSegment segment) {
      return segment.getIsFinal()
          ? acceptFinal(Caption.from(segment))
          : acceptPartial(Caption.from(segment));
    }
    if (event instanceof SpeechActivity activity) {
      speaking = activity.getSpeaking();
      if (state == State.WAITING) {
        state = State.LIVE;
      }
      publish(WireMessages.speech(id, activity.getSpeaking(), activity.getAtSeconds()), true);
      return true;
    }
    if (event instanceof SessionStatus status) {
      acceptStatus(status);
      return true;
    }
    throw new IllegalArgumentException(
        "unknown transcript event payload " + event.getClass().getName());
  }

  private boolean acceptFinal(Caption caption) {
    if (caption.sequence() <= lastSequence || seenFinalIds.contains(caption.id())) {
      duplicatesDropped++;
      return false;
    }
    rememberId(caption.id());
    lastSequence = caption.sequence();
    lastSegmentMillis = caption.emitTimeMillis();
    if (caption.language() != null) {
      language = caption.language();
    }
    if (state == State.WAITING) {
      state = State.LIVE;
    }
    Stored stored = new Stored(caption, WireMessages.caption(caption));
    history.addLast(stored);
    while (history.size() > historySize) {
      history.removeFirst();
    }
    partial = null;
    publish(stored.json(), true);
    return true;
  }

  private boolean acceptPartial(Caption caption) {
    if (caption.sequence() <= lastSequence
        || (partial != null && partial.caption().id().equals(caption.id()))) {
      duplicatesDropped++;
      return false;
    }
    if (state == State.WAITING) {
      state = State.LIVE;
    }
    partial = new Stored(caption, WireMessages.caption(caption));
    publish(partial.json(), false);
    return true;
  }

  private void acceptStatus(SessionStatus status) {
    SessionState next = status.getState();
    if (next == SessionState.STARTED) {
      // A session id reused after its end starts afresh; a re-delivered STARTED of a running
      // session changes nothing.
      if (state == State.ENDED || state == State.EXPIRED || state == State.REFUSED) {
        history.clear();
        seenFinalIds.clear();
        lastSequence = -1;
        partial = null;
      }
      state = State.LIVE;
    } else {
      state = State.valueOf(next.name());
      partial = null;
      speaking = false;
    }
    if (status.getLanguage() != null) {
      language = status.getLanguage();
    }
    publish(
        WireMessages.session(
            id,
            next.name(),
            language,
            status.getReason() == null ? null : status.getReason(),
            status.getAtSeconds()),
        true);
  }

  private void rememberId(String segmentId) {
    seenFinalIds.add(segmentId);
    if (seenFinalIds.size() > seenIdLimit) {
      Iterator<String> oldest = seenFinalIds.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private void publish(String json, boolean toEveryone) {
    List<Subscriber> finished = null;
    for (Subscriber s : subscribers) {
      if ((toEveryone || s.wantsPartials()) && !s.offer(json)) {
        finished = finished == null ? new ArrayList<>() : finished;
        finished.add(s);
      }
    }
    if (finished != null) {
      subscribers.removeAll(finished);
    }
  }

  /**
   * Adds a subscriber: it first gets a hello, then the confirmed history after sequence {@code
   * after} (-1 = all retained), then the current partial if it asked for partials, then live
   * events.
   */
  public synchronized void subscribe(Subscriber subscriber, long after) {
    List<String> backlog = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    long historyFrom = lastSequence + 1;
    for (Stored s : history) {
      if (s.caption().sequence() > after) {
        if (missed.isEmpty()) {
          historyFrom = s.caption().sequence();
        }
        missed.add(s.json());
      }
    }
    backlog.add(
        WireMessages.hello(
            id,
            state.name(),
            language,
            speaking,
            subscriber.wantsPartials(),
            after,
            historyFrom,
            lastSequence,
            missed.size()));
    backlog.addAll(missed);
    if (subscriber.wantsPartials() && partial != null && partial.caption().sequence() > after) {
      backlog.add(partial.json());
    }
    subscriber.start(backlog);
    subscribers.add(subscriber);
  }

  public synchronized void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  public synchronized List<Subscriber> subscribers() {
    return List.copyOf(subscribers);
  }

  /** The retained confirmed captions, oldest first (for exports). */
  public synchronized List<Caption> confirmed() {
    return history.stream().map(Stored::caption).toList();
  }

  public synchronized SessionSummary summary() {
    return new SessionSummary(
        id,
        state.name(),
        language,
        lastSegmentMillis,
        lastSequence,
        subscribers.size(),
        history.size(),
        speaking,
        duplicatesDropped);
  }

  /**
   * True when nobody listens and the session ended, or went silent, longer than {@code
   * retentionMillis} ago.
   */
  synchronized boolean forgettable(long nowMillis, long retentionMillis) {
    return subscribers.isEmpty() && nowMillis - lastEventMillis > retentionMillis;
  }

  synchronized void closeAll(int code, String reason) {
    for (Subscriber s : subscribers) {
      s.close(code, reason);
    }
    subscribers.clear();
  }
}
