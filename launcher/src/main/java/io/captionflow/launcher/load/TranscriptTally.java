package io.captionflow.launcher.load;

import io.captionflow.asr.TimedWord;
import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What arrived on the segments topic for each load session, and when: the first arrival of each
 * expected word (in a partial, its final words or its segment, whichever came first), the confirmed
 * words, the final segments and the session's end. The first arrival of a word, minus the capture
 * time of the chunk that triggered the decode which first heard it, is one latency sample.
 */
final class TranscriptTally {

  /**
   * Wall-clock ms when the chunk that triggers the first hearing of word {@code k} was captured.
   */
  @FunctionalInterface
  interface TriggerClock {
    long captureMillis(int session, int word);
  }

  /** What one session received. */
  static final class Received {
    final long[] firstHeardAt;
    final List<TimedWord> confirmed = new ArrayList<>();
    final List<TimedWord> inSegments = new ArrayList<>();
    int finalSegments;
    int strayWords;
    long endedAt = -1;
    SessionState endState;

    Received(int words) {
      firstHeardAt = new long[words];
      Arrays.fill(firstHeardAt, -1);
    }
  }

  private final Map<String, Integer> sessionIndex = new HashMap<>();
  private final Received[] received;
  private final Map<Long, Integer> wordAtFrame = new HashMap<>();
  private final TriggerClock trigger;
  private final String warmUpSession;
  private final CountDownLatch warmUpEnded = new CountDownLatch(1);
  private final CountDownLatch allEnded;
  private final List<Long> latencies = new ArrayList<>();

  TranscriptTally(
      List<String> sessions, String warmUpSession, List<TimedWord> expected, TriggerClock trigger) {
    this.warmUpSession = warmUpSession;
    this.trigger = trigger;
    this.received = new Received[sessions.size()];
    for (int i = 0; i < sessions.size(); i++) {
      sessionIndex.put(sessions.get(i), i);
      received[i] = new Received(expected.size());
    }
    for (int k = 0; k < expected.size(); k++) {
      wordAtFrame.put(frame(expected.get(k).startSeconds()), k);
    }
    this.allEnded = new CountDownLatch(sessions.size());
  }

  /** One event from the segments topic, received at {@code now} (wall-clock ms). */
  synchronized void accept(TranscriptEvent event, long now) {
    String id = event.getSessionId();
    if (id.equals(warmUpSession)) {
      if (event.getEvent() instanceof SessionStatus s && s.getState() != SessionState.STARTED) {
        warmUpEnded.countDown();
      }
      return;
    }
    Integer i = sessionIndex.get(id);
    if (i == null) {
      return;
    }
    Received r = received[i];
    Object body = event.getEvent();
    if (body instanceof SubtitleSegment s) {
      List<TimedWord> words = timed(s.getWords());
      heard(i, words, now);
      if (s.getIsFinal()) {
        r.finalSegments++;
        r.inSegments.addAll(words);
      }
    } else if (body instanceof ConfirmedWords c) {
      List<TimedWord> words = timed(c.getWords());
      heard(i, words, now);
      r.confirmed.addAll(words);
    } else if (body instanceof SessionStatus s
        && s.getState() != SessionState.STARTED
        && r.endedAt < 0) {
      r.endedAt = now;
      r.endState = s.getState();
      allEnded.countDown();
    }
  }

  private void heard(int session, List<TimedWord> words, long now) {
    Received r = received[session];
    for (TimedWord w : words) {
      Integer k = wordAtFrame.get(frame(w.startSeconds()));
      if (k == null) {
        r.strayWords++;
      } else if (r.firstHeardAt[k] < 0) {
        r.firstHeardAt[k] = now;
        latencies.add(now - trigger.captureMillis(session, k));
      }
    }
  }

  private static List<TimedWord> timed(List<Word> words) {
    return words.stream()
        .map(
            w ->
                new TimedWord(
                    w.getText(), w.getStartSeconds(), w.getEndSeconds(), w.getConfidence()))
        .toList();
  }

  private static long frame(double seconds) {
    return Math.round(seconds / 0.08);
  }

  boolean awaitWarmUp(Duration timeout) throws InterruptedException {
    return warmUpEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean awaitAllEnded(Duration timeout) throws InterruptedException {
    return allEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  long sessionsEnded() {
    return received.length - allEnded.getCount();
  }

  /** Latency samples so far, sorted (ms). */
  synchronized List<Long> latencies() {
    List<Long> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    return sorted;
  }

  synchronized long wordsHeard() {
    return latencies.size();
  }

  /** What session {@code session} received so far. */
  synchronized Received received(int session) {
    return received[session];
  }
}
