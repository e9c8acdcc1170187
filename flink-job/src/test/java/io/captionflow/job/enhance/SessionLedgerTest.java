package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SessionLedgerTest {

  static final String ID = "talk";

  final List<SessionLedger.Stamped> events = new ArrayList<>();

  void add(long run, Object payload) {
    events.add(
        new SessionLedger.Stamped(
            new TranscriptEvent(ID, payload, 0L, run), 1_000L + events.size()));
  }

  static SessionStatus status(SessionState state, Integer partition, Long first, Long last) {
    return SessionStatus.newBuilder()
        .setState(state)
        .setAtSeconds(12.0)
        .setAudioPartition(partition)
        .setFirstAudioOffset(first)
        .setLastAudioOffset(last)
        .build();
  }

  static SubtitleSegment live(String id, double start, String... words) {
    return SubtitleSegment.newBuilder()
        .setSessionId(ID)
        .setSegmentId(id)
        .setSequence(0)
        .setText(String.join(" ", words))
        .setWords(Arrays.stream(words).map(w -> new Word(w, start, start + 0.1, 1f, null)).toList())
        .setStartSeconds(start)
        .setEndSeconds(start + 0.1)
        .setIsFinal(true)
        .setEmitTimeMillis(0)
        .build();
  }

  static EnhancedSegment enhanced(long sequence, String text) {
    return EnhancedSegment.newBuilder()
        .setSequence(sequence)
        .setText(text)
        .setWords(List.of(new Word(text, (double) sequence, sequence + 0.5, 1f, null)))
        .setStartSeconds((double) sequence)
        .setEndSeconds(sequence + 0.5)
        .setEmitTimeMillis(0)
        .build();
  }

  static List<String> texts(List<EnhancedSegment> segments) {
    return segments.stream().map(s -> s.getSequence() + ":" + s.getText()).toList();
  }

  @Test
  void theEnhancedTranscriptIsTheLastCompleteAttemptLatestPerSequence() {
    add(0, status(SessionState.STARTED, null, null, null));
    add(0, live("talk/0/2000", 2.0, "world", "stream"));
    add(0, live("talk/0/400", 0.4, "hello"));
    add(0, live("talk/0/2000", 2.0, "world", "stream")); // re-delivered after a recovery
    add(0, status(SessionState.ENDED, 0, 10L, 140L));
    add(0, enhanced(0, "old"));
    add(0, enhanced(1, "old"));
    add(0, enhanced(2, "old"));
    add(0, status(SessionState.ENHANCED, 0, 10L, 140L));
    add(0, enhanced(0, "failed")); // an attempt that died after one segment
    add(0, enhanced(0, "hello"));
    add(0, enhanced(1, "world"));
    add(0, status(SessionState.ENHANCED, 0, 10L, 140L));
    add(0, enhanced(0, "next")); // an enhancement still under way
    add(1, status(SessionState.STARTED, null, null, null));
    SessionLedger ledger = new SessionLedger(ID, events);

    assertEquals(List.of("0:hello", "1:world"), texts(ledger.enhancedTranscript(0)));
    assertEquals(List.of("hello", "world", "stream"), ledger.liveFinalWords(0));
    assertEquals(OptionalLong.of(0), ledger.newestEndedRun());
    assertEquals(Optional.empty(), ledger.end(1));
    assertEquals(List.of(), ledger.enhancedTranscript(1));
    assertEquals(
        Optional.of(new RunRange(0, 10, 140, "the run's ENDED status")), ledger.knownRange(0));
  }

  @Test
  void aRangeFoundByAnEarlierEnhancementIsRememberedWhenTheEndNamesNone() {
    add(2, status(SessionState.EXPIRED, null, null, null));
    assertEquals(Optional.empty(), new SessionLedger(ID, events).knownRange(2));
    add(2, status(SessionState.ENHANCED, 1, 5L, 9L));
    SessionLedger ledger = new SessionLedger(ID, events);
    assertEquals(
        Optional.of(new RunRange(1, 5, 9, "remembered by an earlier ENHANCED status")),
        ledger.knownRange(2));
    assertEquals(1_000L, ledger.end(2).orElseThrow().timestamp());
  }
}
