package io.captionflow.sink.session;

import io.captionflow.sink.fanout.OutgoingMessage;
import io.captionflow.sink.fanout.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A session's subscribers and what each is sent: a message is encoded once for all of them, and a
 * subscriber whose send fails is dropped. The owning {@link LiveSession} serialises the calls.
 */
final class SessionFanOut {

  // Copy-on-write: a send may fail inline and unsubscribe while publish is iterating.
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  // Subscribers resuming after a cursor this sink has not reached yet (it is still rebuilding its
  // history after a restart): segments up to that cursor, and words meanwhile, are not sent again.
  private final Map<Subscriber, ResumePoint> resumingAhead = new ConcurrentHashMap<>();

  /** Adds a subscriber that resumes {@code after}; {@code lastCursor} is this sink's newest. */
  void add(Subscriber subscriber, ResumePoint after, Cursor lastCursor) {
    if (after instanceof ResumePoint.AfterCursor c
        && (lastCursor == null || c.cursor().compareTo(lastCursor) > 0)) {
      resumingAhead.put(subscriber, after);
    }
    subscribers.add(subscriber);
  }

  void remove(Subscriber subscriber) {
    subscribers.remove(subscriber);
    resumingAhead.remove(subscriber);
  }

  List<Subscriber> list() {
    return List.copyOf(subscribers);
  }

  int size() {
    return subscribers.size();
  }

  boolean isEmpty() {
    return subscribers.isEmpty();
  }

  /** Sends to everyone, or only to those who asked for partials. */
  void publish(String json, boolean toEveryone) {
    publish(json, s -> toEveryone || s.wantsPartials());
  }

  /** Sends a confirmed caption to every subscriber not resuming past it. */
  void publishCaption(String json, Caption caption) {
    publish(json, s -> resumedBefore(s, caption));
  }

  /** Sends final words to every subscriber not resuming ahead of this sink. */
  void publishWords(String json) {
    publish(json, s -> !resumingAhead.containsKey(s));
  }

  private void publish(String json, Predicate<Subscriber> to) {
    OutgoingMessage message = OutgoingMessage.live(json); // encoded once for every subscriber
    List<Subscriber> finished = null;
    for (Subscriber s : subscribers) {
      if (to.test(s) && !s.offer(message)) {
        finished = finished == null ? new ArrayList<>() : finished;
        finished.add(s);
      }
    }
    if (finished != null) {
      subscribers.removeAll(finished);
      finished.forEach(resumingAhead::remove);
    }
  }

  // True once the caption lies past the subscriber's resume point (from then on, always).
  private boolean resumedBefore(Subscriber s, Caption caption) {
    ResumePoint ahead = resumingAhead.get(s);
    if (ahead == null) {
      return true;
    }
    if (!ahead.wants(caption)) {
      return false;
    }
    resumingAhead.remove(s);
    return true;
  }

  void closeAll(int code, String reason) {
    for (Subscriber s : subscribers) {
      s.close(code, reason);
    }
    subscribers.clear();
    resumingAhead.clear();
  }
}
