package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.TimedWord;
import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTallyTest {

  private static final TimedWord TICK = new TimedWord("tick", 0.40, 0.72, Float.NaN);
  private static final TimedWord TOCK = new TimedWord("tock", 0.88, 1.20, Float.NaN);

  private final TranscriptTally tally =
      new TranscriptTally(
          List.of("s0", "s1"), "warm", List.of(TICK, TOCK), (i, k) -> 1000L * i + 100L * k);

  @Test
  void aWordsFirstArrivalIsOneLatencySampleFromItsTriggeringChunk() throws Exception {
    tally.accept(segment("s0", false, TICK), 150);
    tally.accept(words("s0", TICK), 300);
    tally.accept(segment("s0", false, TICK, TOCK), 400);
    tally.accept(segment("s0", true, TICK, TOCK), 500);
    tally.accept(segment("s0", false, new TimedWord("tick", 2.0, 2.32, 1f)), 550);
    tally.accept(status("s0", SessionState.ENDED), 600);
    tally.accept(segment("elsewhere", false, TICK), 700);

    assertEquals(List.of(150L, 300L), tally.latencies());
    TranscriptTally.Received r = tally.received(0);
    assertArrayEquals(new long[] {150, 400}, r.firstHeardAt);
    assertEquals(List.of("tick"), r.confirmed.stream().map(TimedWord::text).toList());
    assertEquals(List.of("tick", "tock"), r.inSegments.stream().map(TimedWord::text).toList());
    assertEquals(1, r.finalSegments);
    assertEquals(1, r.strayWords);
    assertEquals(600, r.endedAt);
    assertEquals(SessionState.ENDED, r.endState);
    assertEquals(1, tally.sessionsEnded());
    assertFalse(tally.awaitAllEnded(Duration.ZERO));
    tally.accept(status("s1", SessionState.EXPIRED), 900);
    assertTrue(tally.awaitAllEnded(Duration.ZERO));
  }

  @Test
  void theWarmUpSessionOnlySignalsItsEnd() throws Exception {
    tally.accept(segment("warm", false, TICK), 100);
    tally.accept(status("warm", SessionState.STARTED), 110);
    assertFalse(tally.awaitWarmUp(Duration.ZERO));
    tally.accept(status("warm", SessionState.ENDED), 120);
    assertTrue(tally.awaitWarmUp(Duration.ZERO));
    assertEquals(List.of(), tally.latencies());
  }

  private static List<Word> avro(TimedWord... words) {
    return List.of(words).stream()
        .map(w -> new Word(w.text(), w.startSeconds(), w.endSeconds(), 1f, null))
        .toList();
  }

  private static TranscriptEvent event(String session, Object body) {
    return TranscriptEvent.newBuilder()
        .setSessionId(session)
        .setEvent(body)
        .setEmitTimeMillis(0)
        .setRun(0)
        .build();
  }

  private static TranscriptEvent segment(String session, boolean isFinal, TimedWord... words) {
    return event(
        session,
        SubtitleSegment.newBuilder()
            .setSessionId(session)
            .setSegmentId(session + "/0/400")
            .setSequence(0)
            .setText("")
            .setWords(avro(words))
            .setStartSeconds(words[0].startSeconds())
            .setEndSeconds(words[words.length - 1].endSeconds())
            .setIsFinal(isFinal)
            .setEmitTimeMillis(0)
            .build());
  }

  private static TranscriptEvent words(String session, TimedWord... words) {
    return event(session, new ConfirmedWords(0L, avro(words), null, null, 0L));
  }

  private static TranscriptEvent status(String session, SessionState state) {
    return event(session, SessionStatus.newBuilder().setState(state).setAtSeconds(0.0).build());
  }
}
