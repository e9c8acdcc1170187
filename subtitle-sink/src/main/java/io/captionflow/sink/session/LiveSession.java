package io.captionflow.sink.session;

import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SpeechActivity;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.sink.fanout.OutgoingMessage;
import io.captionflow.sink.fanout.Subscriber;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One session as the sink sees it: its current run, that run's confirmed history (bounded), the
 * current partial, and its subscribers. Events and subscriptions are serialised on this object, so
 * a joining subscriber gets the history and then every later event: no gap, no duplicate.
 *
 * <p>Delivery is reconciled by audio time, not by segment id: a recovered job re-emits what
 * followed its last checkpoint, and recomputed inference may move times, change a word or cut
 * segments elsewhere. Words already delivered ({@link AudioFrontier}) are dropped, a segment left
 * with some words is delivered trimmed, one left with none is a duplicate. Runs: a higher run
 * starts the session afresh (the id reused after its end), an older run's events are re-deliveries,
 * and once a run ended nothing more of it is taken. Only the order of events matters, so a sink
 * rebuilding history from the topic ends where a sink that read them live did.
 *
 * <p>Final words (the {@code words} message) reach every subscriber before their segment closes.
 * They have their own frontier, which delivered segments also advance, so a word goes out as a
 * {@code words} message at most once; a segment is still delivered when all its words already went
 * out that way, since it closes the line. The words past the last segment are the open line, sent
 * to a joining subscriber after the history.
 *
 * <p>The enhanced transcript ({@link EnhancedTranscript}) of the current run is kept beside the
 * live history, for the whole run: its segments and its ENHANCED status arrive after the run ended
 * and are taken then; an older run's are ignored and counted, a newer run's start that run (over:
 * an enhancement follows a run's end). When ENHANCED arrives the live history is compared with it
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

  private record Stored(Caption caption, String json) {}

  private record OpenWords(FinalWords words, String json) {}

  private final String id;
  private final int historySize;
  private final int enhancedWordLimit;
  private final ArrayDeque<Stored> history = new ArrayDeque<>();
  // Copy-on-write: a send may fail inline and unsubscribe while publish is iterating.
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  // Subscribers resuming after a cursor this sink has not reached yet (it is still rebuilding its
  // history after a restart): segments up to that cursor, and words meanwhile, are not sent again.
  private final Map<Subscriber, ResumePoint> resumingAhead = new ConcurrentHashMap<>();
  private long run = -1;
  private AudioFrontier frontier = new AudioFrontier();
  private AudioFrontier wordsFrontier = new AudioFrontier();
  // Final words delivered past the last delivered segment: the open line.
  private final List<OpenWords> openLine = new ArrayList<>();
  private Stored partial;
  private long lastSequence = -1;
  private Cursor lastCursor;
  private Caption lastEvicted;
  private State state = State.WAITING;
  private String language;
  private boolean speaking;
  private long lastEventMillis;
  private Long lastSegmentMillis;
  private long duplicatesDropped;
  private Double endSeconds;
  private Double silentSinceSeconds;
  private Long silentSinceMillis;
  private SubtitleTimeline.CaptureClock captureClock;
  // Audio time of the run's first live event this sink saw: where its live history can begin.
  private Double liveSeenFromSeconds;
  private EnhancedTranscript enhanced;
  private TranscriptComparison comparison;
  private long ignoredEvents;

  LiveSession(String id, int historySize, long createdMillis) {
    this(id, historySize, EnhancedTranscript.DEFAULT_WORD_LIMIT, createdMillis);
  }

  LiveSession(String id, int historySize, int enhancedWordLimit, long createdMillis) {
    if (enhancedWordLimit < 1) {
      throw new IllegalArgumentException(
          "enhanced transcript word limit must be at least 1, got " + enhancedWordLimit);
    }
    this.id = id;
    this.historySize = historySize;
    this.enhancedWordLimit = enhancedWordLimit;
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
      speaking = activity.getSpeaking();
      markSilence(speaking ? null : activity.getAtSeconds(), atMillis);
      goLive();
      publish(WireMessages.speech(id, activity.getSpeaking(), activity.getAtSeconds()), true);
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
    if (liveSeenFromSeconds == null) {
      liveSeenFromSeconds = atSeconds;
    }
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
    if (enhanced == null) {
      enhanced = new EnhancedTranscript(id, run, enhancedWordLimit);
    }
    return true;
  }

  private EventOutcome acceptEnhanced(Caption caption, long eventRun) {
    if (!enterEnhancedRun(eventRun)) {
      return EventOutcome.ENHANCED_OF_OLDER_RUN;
    }
    EventOutcome outcome = enhanced.add(caption);
    if (outcome.ignored()) {
      ignoredEvents++;
    }
    return outcome;
  }

  private EventOutcome acceptEnhancedStatus(long eventRun) {
    if (!enterEnhancedRun(eventRun)) {
      return EventOutcome.ENHANCED_OF_OLDER_RUN;
    }
    enhanced.complete();
    comparison = compareWithLive();
    publish(WireMessages.enhanced(id, run, enhanced.captions().size(), enhanced.wordCount()), true);
    return EventOutcome.APPLIED;
  }

  /**
   * The live history against the enhanced transcript over the audio both cover: from where the live
   * history begins (the run's start unless older segments fell out of it or predate the lookback)
   * to the run's end or where a truncated enhanced transcript stops; null when the sink saw no live
   * event of the run or the two do not overlap.
   */
  private TranscriptComparison compareWithLive() {
    if (liveSeenFromSeconds == null) {
      return null;
    }
    double from = Math.max(0, liveSeenFromSeconds);
    if (lastEvicted != null) {
      from = Math.max(from, history.getFirst().caption().startSeconds());
    }
    double liveEnd = lastCursor == null ? from : lastCursor.endMillis() / 1000.0;
    if (state.over() && endSeconds != null) {
      liveEnd = Math.max(liveEnd, endSeconds);
    }
    double to = Math.min(liveEnd, enhanced.coveredUntilSeconds());
    if (to < from) {
      return null;
    }
    List<CaptionWord> live = new ArrayList<>();
    history.forEach(s -> live.addAll(s.caption().words()));
    return TranscriptComparison.over(enhanced.words(), live, from, to);
  }

  private void startRun(long newRun) {
    run = newRun;
    frontier = new AudioFrontier();
    wordsFrontier = new AudioFrontier();
    openLine.clear();
    history.clear();
    partial = null;
    lastSequence = -1;
    lastCursor = null;
    lastEvicted = null;
    speaking = false;
    state = State.WAITING;
    endSeconds = null;
    markSilence(null, 0);
    captureClock = null;
    liveSeenFromSeconds = null;
    enhanced = null; // only the latest run's enhanced transcript is kept
    comparison = null;
  }

  private void markSilence(Double sinceSeconds, long atMillis) {
    silentSinceSeconds = sinceSeconds;
    silentSinceMillis = sinceSeconds == null ? null : atMillis;
  }

  private void goLive() {
    if (state == State.WAITING) {
      state = State.LIVE;
    }
  }

  private boolean acceptFinal(Caption caption) {
    List<CaptionWord> unseen = frontier.unseen(caption.words());
    if (unseen.isEmpty()) {
      duplicatesDropped++;
      return false;
    }
    Caption delivered =
        unseen.size() == caption.words().size() ? caption : caption.trimmedTo(unseen);
    frontier.advance(delivered.words());
    wordsFrontier.advance(delivered.words());
    closeOpenLine(delivered.endSeconds());
    lastSequence = delivered.sequence();
    lastCursor = delivered.cursor();
    lastSegmentMillis = delivered.emitTimeMillis();
    if (captureClock == null && delivered.captureTimeMillis() != null) {
      captureClock =
          new SubtitleTimeline.CaptureClock(delivered.endSeconds(), delivered.captureTimeMillis());
    }
    if (delivered.language() != null) {
      language = delivered.language();
    }
    goLive();
    Stored stored = new Stored(delivered, WireMessages.caption(delivered));
    history.addLast(stored);
    while (history.size() > historySize) {
      lastEvicted = history.removeFirst().caption();
    }
    partial = null;
    publish(stored.json(), s -> resumedBefore(s, delivered));
    return true;
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

  private boolean acceptWords(FinalWords words) {
    List<CaptionWord> unseen = wordsFrontier.unseen(words.words());
    if (unseen.isEmpty()) {
      duplicatesDropped++;
      return false;
    }
    FinalWords delivered = unseen.size() == words.words().size() ? words : words.trimmedTo(unseen);
    wordsFrontier.advance(delivered.words());
    if (delivered.language() != null) {
      language = delivered.language();
    }
    goLive();
    OpenWords open = new OpenWords(delivered, WireMessages.words(delivered));
    openLine.add(open);
    publish(open.json(), s -> !resumingAhead.containsKey(s));
    return true;
  }

  // A delivered segment holds the open words whose middle lies before its end: they leave the line.
  private void closeOpenLine(double segmentEndSeconds) {
    List<OpenWords> still = new ArrayList<>();
    for (OpenWords o : openLine) {
      List<CaptionWord> after =
          o.words().words().stream().filter(w -> w.middleSeconds() > segmentEndSeconds).toList();
      if (after.size() == o.words().words().size()) {
        still.add(o);
      } else if (!after.isEmpty()) {
        FinalWords kept = o.words().trimmedTo(after);
        still.add(new OpenWords(kept, WireMessages.words(kept)));
      }
    }
    openLine.clear();
    openLine.addAll(still);
  }

  private boolean acceptPartial(Caption caption) {
    List<CaptionWord> unseen = frontier.unseen(caption.words());
    if (unseen.isEmpty() || (partial != null && partial.caption().id().equals(caption.id()))) {
      duplicatesDropped++;
      return false;
    }
    Caption shown = unseen.size() == caption.words().size() ? caption : caption.trimmedTo(unseen);
    goLive();
    partial = new Stored(shown, WireMessages.caption(shown));
    publish(partial.json(), false);
    return true;
  }

  private boolean acceptStatus(SessionStatus status, long atMillis) {
    SessionState next = status.getState();
    if (next == SessionState.STARTED) {
      // Same run: a re-delivery or new settings mid-session; never a reset, never a replay.
      if (state == State.WAITING && !speaking) {
        markSilence(status.getAtSeconds(), atMillis);
      }
      state = State.LIVE;
    } else {
      state = State.valueOf(next.name());
      partial = null;
      openLine.clear();
      speaking = false;
      endSeconds = status.getAtSeconds();
    }
    if (status.getLanguage() != null) {
      language = status.getLanguage();
    }
    publish(
        WireMessages.session(
            id, run, next.name(), language, status.getReason(), status.getAtSeconds()),
        true);
    return true;
  }

  private void publish(String json, boolean toEveryone) {
    publish(json, s -> toEveryone || s.wantsPartials());
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

  /**
   * Adds a subscriber: it first gets a hello, then the current run's retained confirmed history
   * after {@code after}, then the open line's final words, then the current partial if it asked for
   * partials, then live events.
   */
  public synchronized void subscribe(Subscriber subscriber, ResumePoint after) {
    List<String> missed = new ArrayList<>();
    for (Stored s : history) {
      if (after.wants(s.caption())) {
        missed.add(s.json());
      }
    }
    List<String> backlog = new ArrayList<>();
    backlog.add(
        WireMessages.hello(
            id,
            state.name(),
            run < 0 ? null : run,
            language,
            speaking,
            subscriber.wantsPartials(),
            after.echo(),
            lastCursor,
            lastSequence,
            missed.size(),
            lastEvicted == null || !after.wants(lastEvicted),
            enhancementStatus() == EnhancementStatus.COMPLETE));
    backlog.addAll(missed);
    openLine.forEach(o -> backlog.add(o.json()));
    if (subscriber.wantsPartials() && partial != null && after.wants(partial.caption())) {
      backlog.add(partial.json());
    }
    subscriber.start(backlog);
    if (after instanceof ResumePoint.AfterCursor c
        && (lastCursor == null || c.cursor().compareTo(lastCursor) > 0)) {
      resumingAhead.put(subscriber, after);
    }
    subscribers.add(subscriber);
  }

  public synchronized void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
    resumingAhead.remove(subscriber);
  }

  public synchronized List<Subscriber> subscribers() {
    return List.copyOf(subscribers);
  }

  /** The current run's retained confirmed captions, oldest first (for exports). */
  public synchronized List<Caption> confirmed() {
    return history.stream().map(Stored::caption).toList();
  }

  /** The current run in audio time, for renditions cut by time (HLS). */
  public synchronized SubtitleTimeline timeline() {
    return new SubtitleTimeline(
        run,
        state.over(),
        endSeconds,
        confirmed(),
        lastCursor == null ? null : lastCursor.endMillis() / 1000.0,
        silentSinceSeconds,
        silentSinceMillis,
        lastEventMillis,
        captureClock);
  }

  public synchronized SessionSummary summary() {
    return new SessionSummary(
        id,
        state.name(),
        run < 0 ? null : run,
        language,
        lastSegmentMillis,
        lastSequence,
        lastCursor == null ? null : lastCursor.toString(),
        subscribers.size(),
        history.size(),
        speaking,
        duplicatesDropped,
        ignoredEvents,
        enhancementStatus().name(),
        enhancedErrorRate());
  }

  private EnhancementStatus enhancementStatus() {
    return enhanced == null ? EnhancementStatus.NONE : enhanced.status();
  }

  /** Errors per enhanced word of the live transcript, once the enhancement completed. */
  synchronized Double enhancedErrorRate() {
    return comparison == null ? null : comparison.alignment().errorRate();
  }

  /** The current run's enhanced transcript and its comparison with the live one (for exports). */
  public synchronized EnhancedSnapshot enhanced() {
    Long currentRun = run < 0 ? null : run;
    if (enhanced == null) {
      return new EnhancedSnapshot(
          id, currentRun, EnhancementStatus.NONE, List.of(), 0, enhancedWordLimit, false, 0, null);
    }
    return new EnhancedSnapshot(
        id,
        currentRun,
        enhanced.status(),
        enhanced.captions(),
        enhanced.wordCount(),
        enhanced.wordLimit(),
        enhanced.truncated(),
        enhanced.missingSequences(),
        comparison);
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
    resumingAhead.clear();
  }
}
