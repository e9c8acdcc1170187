package io.captionflow.sink.session;

import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SpeechActivity;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.sink.fanout.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * One session as the sink sees it: its current run, that run's confirmed history (bounded), the
 * current partial, and its subscribers. Events and subscriptions are serialised on this object, so
 * a joining subscriber gets the history and then every later event: no gap, no duplicate.
 *
 * <p>Delivery is reconciled by audio time, not by segment id ({@link DeliveryFrontiers}). Runs: a
 * higher run starts the session afresh (the id reused after its end), an older run's events are
 * re-deliveries, and once a run ended nothing more of it is taken. Only the order of events
 * matters, so a sink rebuilding history from the topic ends where a sink that read them live did.
 *
 * <p>Final words (the {@code words} message) reach every subscriber before their segment closes;
 * the words past the last segment are the {@link OpenLine}.
 *
 * <p>The enhanced transcript of the current run ({@link RunEnhancement}) is kept beside the live
 * history, for the whole run: its segments and its ENHANCED status arrive after the run ended and
 * are taken then; an older run's are ignored and counted, a newer run's start that run (over: an
 * enhancement follows a run's end). When ENHANCED arrives the live history is compared with it
 * ({@link TranscriptComparison}) and every subscriber gets an {@code enhanced} notice. A session
 * state this sink does not know (UNKNOWN) is ignored and counted.
 */
public final class LiveSession {

  /** Before any event arrived (a display opened early), live, or over. */
  public enum State {
    WAITING,
    LIVE,
    ENDED,
    EXPIRED,
    REFUSED;

    boolean over() {
      return this == ENDED || this == EXPIRED || this == REFUSED;
    }
  }

  private final String id;
  private final ConfirmedHistory history;
  private final SessionFanOut fanOut = new SessionFanOut();
  private final RunEnhancement enhancement;
  private long run = -1;
  private final DeliveryFrontiers frontiers = new DeliveryFrontiers();
  private final OpenLine openLine = new OpenLine();
  private StoredCaption partial;
  private RunProgress progress = new RunProgress();
  private State state = State.WAITING;
  private String language;
  private final SpeakingState speaking = new SpeakingState();
  private long lastEventMillis;
  private Long lastSegmentMillis;
  private long duplicatesDropped;
  private long ignoredEvents;

  LiveSession(String id, int historySize, long createdMillis) {
    this(id, historySize, EnhancedTranscript.DEFAULT_WORD_LIMIT, createdMillis);
  }

  LiveSession(String id, int historySize, int enhancedWordLimit, long createdMillis) {
    this.id = id;
    this.history = new ConfirmedHistory(historySize);
    this.enhancement = new RunEnhancement(id, enhancedWordLimit);
    this.lastEventMillis = createdMillis;
  }

  public String id() {
    return id;
  }

  /**
   * Applies one event of run {@code eventRun} and sends it to the subscribers, or says why it was
   * dropped (a repeat, stale, of a finished run) or ignored.
   */
  synchronized EventOutcome accept(Object event, long eventRun, long atMillis) {
    if (eventRun < 0) {
      throw new IllegalArgumentException("transcript event with negative run " + eventRun);
    }
    lastEventMillis = Math.max(lastEventMillis, atMillis);
    if (event instanceof EnhancedSegment segment) {
      Caption caption = Caption.fromEnhanced(id, segment, eventRun); // rejects one without words
      return acceptEnhanced(caption, eventRun);
    }
    if (event instanceof SessionStatus status && status.getState() == SessionState.ENHANCED) {
      return acceptEnhancedStatus(eventRun);
    }
    if (event instanceof SessionStatus status && status.getState() == SessionState.UNKNOWN) {
      ignoredEvents++;
      return EventOutcome.UNKNOWN_STATE;
    }
    return acceptLive(event, eventRun, atMillis) ? EventOutcome.APPLIED : EventOutcome.DUPLICATE;
  }

  // False when the event was a repeat, stale or of a finished run, and dropped.
  private boolean acceptLive(Object event, long eventRun, long atMillis) {
    if (event instanceof SubtitleSegment segment) {
      Caption caption = Caption.from(segment, eventRun); // rejects a segment without words
      if (!enterRun(eventRun, caption.startSeconds())) {
        return false;
      }
      return caption.isFinal() ? acceptFinal(caption) : acceptPartial(caption);
    }
    if (event instanceof ConfirmedWords words) {
      FinalWords finalWords = FinalWords.from(id, words, eventRun); // rejects an empty one
      return enterRun(eventRun, finalWords.words().get(0).startSeconds())
          && acceptWords(finalWords);
    }
    if (event instanceof SpeechActivity activity) {
      if (!enterRun(eventRun, activity.getAtSeconds())) {
        return false;
      }
      speaking.activity(activity.getSpeaking(), activity.getAtSeconds(), atMillis);
      goLive();
      fanOut.publish(
          WireMessages.speech(id, activity.getSpeaking(), activity.getAtSeconds()), true);
      return true;
    }
    if (event instanceof SessionStatus status) {
      return enterRun(eventRun, status.getAtSeconds()) && acceptStatus(status, atMillis);
    }
    throw new IllegalArgumentException(
        "unknown transcript event payload " + event.getClass().getName());
  }

  // False (counted) for an event of an older run, or of the current run after its end. A live
  // event at audio time atSeconds taken into the run marks where the sink's view of it begins.
  private boolean enterRun(long eventRun, double atSeconds) {
    if (eventRun > run) {
      startRun(eventRun);
    } else if (eventRun < run || state.over()) {
      duplicatesDropped++;
      return false;
    }
    progress.seen(atSeconds);
    return true;
  }

  // False (counted) for an older run's enhancement; a newer run's starts that run, already over.
  private boolean enterEnhancedRun(long eventRun) {
    if (eventRun < run) {
      ignoredEvents++;
      return false;
    }
    if (eventRun > run) {
      startRun(eventRun);
      state = State.ENDED;
    }
    return true;
  }

  private EventOutcome acceptEnhanced(Caption caption, long eventRun) {
    if (!enterEnhancedRun(eventRun)) {
      return EventOutcome.ENHANCED_OF_OLDER_RUN;
    }
    EventOutcome outcome = enhancement.transcript(run).add(caption);
    if (outcome.ignored()) {
      ignoredEvents++;
    }
    return outcome;
  }

  private EventOutcome acceptEnhancedStatus(long eventRun) {
    if (!enterEnhancedRun(eventRun)) {
      return EventOutcome.ENHANCED_OF_OLDER_RUN;
    }
    EnhancedTranscript enhanced =
        enhancement.complete(
            run,
            history,
            progress.seenFromSeconds(),
            progress.confirmedThroughSeconds(),
            state.over() ? progress.endSeconds() : null);
    fanOut.publish(
        WireMessages.enhanced(id, run, enhanced.captions().size(), enhanced.wordCount()), true);
    return EventOutcome.APPLIED;
  }

  private void startRun(long newRun) {
    run = newRun;
    frontiers.reset();
    openLine.clear();
    history.clear();
    partial = null;
    progress = new RunProgress();
    speaking.reset();
    state = State.WAITING;
    enhancement.reset();
  }

  private void goLive() {
    if (state == State.WAITING) {
      state = State.LIVE;
    }
  }

  private boolean acceptFinal(Caption caption) {
    Caption delivered = frontiers.deliverFinal(caption);
    if (delivered == null) {
      duplicatesDropped++;
      return false;
    }
    openLine.closeBefore(delivered.endSeconds());
    progress.delivered(delivered);
    lastSegmentMillis = delivered.emitTimeMillis();
    if (delivered.language() != null) {
      language = delivered.language();
    }
    goLive();
    StoredCaption stored = new StoredCaption(delivered, WireMessages.caption(delivered));
    history.add(stored);
    partial = null;
    fanOut.publishCaption(stored.json(), delivered);
    return true;
  }

  private boolean acceptWords(FinalWords words) {
    FinalWords delivered = frontiers.deliverWords(words);
    if (delivered == null) {
      duplicatesDropped++;
      return false;
    }
    if (delivered.language() != null) {
      language = delivered.language();
    }
    goLive();
    fanOut.publishWords(openLine.add(delivered));
    return true;
  }

  private boolean acceptPartial(Caption caption) {
    Caption shown = frontiers.partial(caption);
    if (shown == null || (partial != null && partial.caption().id().equals(caption.id()))) {
      duplicatesDropped++;
      return false;
    }
    goLive();
    partial = new StoredCaption(shown, WireMessages.caption(shown));
    fanOut.publish(partial.json(), false);
    return true;
  }

  private boolean acceptStatus(SessionStatus status, long atMillis) {
    SessionState next = status.getState();
    if (next == SessionState.STARTED) {
      // Same run: a re-delivery or new settings mid-session; never a reset, never a replay.
      if (state == State.WAITING) {
        speaking.runStarted(status.getAtSeconds(), atMillis);
      }
      state = State.LIVE;
    } else {
      state = State.valueOf(next.name());
      partial = null;
      openLine.clear();
      speaking.runOver();
      progress.ended(status.getAtSeconds());
    }
    if (status.getLanguage() != null) {
      language = status.getLanguage();
    }
    fanOut.publish(
        WireMessages.session(
            id, run, next.name(), language, status.getReason(), status.getAtSeconds()),
        true);
    return true;
  }

  /**
   * Adds a subscriber: it first gets a hello, then the current run's retained confirmed history
   * after {@code after}, then the open line's final words, then the current partial if it asked for
   * partials, then live events.
   */
  public synchronized void subscribe(Subscriber subscriber, ResumePoint after) {
    List<String> missed = history.missed(after);
    List<String> backlog = new ArrayList<>();
    backlog.add(
        WireMessages.hello(
            id,
            state.name(),
            run < 0 ? null : run,
            language,
            speaking.speaking(),
            subscriber.wantsPartials(),
            after.echo(),
            progress.lastCursor(),
            progress.lastSequence(),
            missed.size(),
            history.complete(after),
            enhancement.status() == EnhancementStatus.COMPLETE));
    backlog.addAll(missed);
    backlog.addAll(openLine.json());
    if (subscriber.wantsPartials() && partial != null && after.wants(partial.caption())) {
      backlog.add(partial.json());
    }
    subscriber.start(backlog);
    fanOut.add(subscriber, after, progress.lastCursor());
  }

  public synchronized void unsubscribe(Subscriber subscriber) {
    fanOut.remove(subscriber);
  }

  public synchronized List<Subscriber> subscribers() {
    return fanOut.list();
  }

  /** The current run's retained confirmed captions, oldest first (for exports). */
  public synchronized List<Caption> confirmed() {
    return history.captions();
  }

  /** The current run in audio time, for renditions cut by time (HLS). */
  public synchronized SubtitleTimeline timeline() {
    return new SubtitleTimeline(
        run,
        state.over(),
        progress.endSeconds(),
        confirmed(),
        progress.confirmedThroughSeconds(),
        speaking.silentSinceSeconds(),
        speaking.silentSinceMillis(),
        lastEventMillis,
        progress.captureClock());
  }

  public synchronized SessionSummary summary() {
    return new SessionSummary(
        id,
        state.name(),
        run < 0 ? null : run,
        language,
        lastSegmentMillis,
        progress.lastSequence(),
        progress.lastCursor() == null ? null : progress.lastCursor().toString(),
        fanOut.size(),
        history.size(),
        speaking.speaking(),
        duplicatesDropped,
        ignoredEvents,
        enhancement.status().name(),
        enhancedErrorRate());
  }

  /** Errors per enhanced word of the live transcript, once the enhancement completed. */
  synchronized Double enhancedErrorRate() {
    return enhancement.errorRate();
  }

  /** The current run's enhanced transcript and its comparison with the live one (for exports). */
  public synchronized EnhancedSnapshot enhanced() {
    return enhancement.snapshot(run < 0 ? null : run);
  }

  /**
   * True when nobody listens and the session ended, or went silent, longer than {@code
   * retentionMillis} ago.
   */
  synchronized boolean forgettable(long nowMillis, long retentionMillis) {
    return fanOut.isEmpty() && nowMillis - lastEventMillis > retentionMillis;
  }

  synchronized void closeAll(int code, String reason) {
    fanOut.closeAll(code, reason);
  }
}
