package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.audio.PcmCodec;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.source.RawRecord;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.wire.AudioChunks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The session operator bundles its input: nothing is decoded before the bundle is cut (by count, by
 * time, by a watermark, by a checkpoint barrier); a session's output is the same alone or among 50
 * others sharing its decode rounds; a checkpoint taken mid-bundle resumes with no chunk lost or
 * doubled.
 */
class SessionOperatorTest {

  static final List<float[]> CHUNKS = SessionStreamTest.chunks(FixtureAudio.audio(), 1600);
  static final long T0 = 1_700_000_000_000L;

  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> harness(
      SessionOperator.Bundle bundle) throws Exception {
    return harness(bundle, 0);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> harness(
      SessionOperator.Bundle bundle, int maxSessions) throws Exception {
    SessionProcessor processor =
        new SessionProcessor(
            SessionOperatorHarness.fixtureModels(ModelSpec.PARAKEET),
            SessionStream.Defaults.STANDARD,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            maxSessions,
            LagBudget.OFF);
    return SessionOperatorHarness.open(processor, bundle);
  }

  static SessionInput start(String id) {
    return start(id, LatencyMode.SPEEDY);
  }

  static SessionInput start(String id, LatencyMode mode) {
    SessionEvent e =
        SessionEvent.newBuilder()
            .setSessionId(id)
            .setType(SessionEventType.START)
            .setLatencyMode(mode.id())
            .setEventTimeMillis(0)
            .build();
    return SessionInput.of(e, new RawRecord("events", 0, 0, new byte[0], new byte[0]));
  }

  /** Chunk {@code sequence} of the fixture audio after {@code leadChunks} chunks of silence. */
  static SessionInput chunk(String id, int sequence, int leadChunks) {
    int last = CHUNKS.size() + leadChunks - 1;
    float[] samples = sequence < leadChunks ? new float[1600] : CHUNKS.get(sequence - leadChunks);
    byte[] pcm = PcmCodec.encodePcm16(samples);
    AudioChunk c = AudioChunks.pcm16(id, sequence, pcm, 0, sequence == last);
    // the samples the input decoder hands on: the PCM16 decoded
    return SessionInput.of(
        c,
        PcmCodec.decodePcm16(pcm),
        new RawRecord("audio", 0, sequence, new byte[0], new byte[0]));
  }

  /** One session's events as comparable lines: final words, final segments, statuses. */
  static Map<String, List<String>> bySession(List<TranscriptEvent> events) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (TranscriptEvent e : events) {
      List<String> lines = out.computeIfAbsent(e.getSessionId(), k -> new ArrayList<>());
      if (e.getEvent() instanceof SubtitleSegment s && s.getIsFinal()) {
        lines.add(
            "segment "
                + s.getSequence()
                + ": "
                + s.getWords().stream()
                    .map(
                        w ->
                            FixtureAudio.format(
                                w.getText(), w.getStartSeconds(), w.getEndSeconds()))
                    .toList());
      } else if (e.getEvent() instanceof SessionStatus st) {
        lines.add(st.getState().toString());
      }
    }
    return out;
  }

  static List<String> alone(String id, int leadChunks) throws Exception {
    return alone(id, leadChunks, LatencyMode.SPEEDY);
  }

  static List<String> alone(String id, int leadChunks, LatencyMode mode) throws Exception {
    try (var h = harness(SessionOperator.Bundle.NONE)) {
      h.open();
      h.processElement(start(id, mode), T0);
      for (int i = 0; i < CHUNKS.size() + leadChunks; i++) {
        h.processElement(chunk(id, i, leadChunks), T0 + i * 100L);
      }
      return bySession(h.extractOutputValues()).get(id);
    }
  }

  /** Chunked mode (each stretch decoded once, decoder state carried) keeps 50 rooms affordable. */
  @Test
  void fiftySessionsSharingDecodeRoundsEachEmitWhatTheyEmitAlone() throws Exception {
    int sessions = 50;
    Map<String, List<String>> together;
    try (var h = harness(new SessionOperator.Bundle(400, Duration.ofHours(1), 16))) {
      h.open();
      for (int s = 0; s < sessions; s++) {
        h.processElement(start("room-" + s, LatencyMode.CHUNKED), T0);
      }
      // each room starts its speech after s % 7 chunks of silence: decode points differ per room
      for (int i = 0; i < CHUNKS.size() + 6; i++) {
        for (int s = 0; s < sessions; s++) {
          if (i < CHUNKS.size() + s % 7) {
            h.processElement(chunk("room-" + s, i, s % 7), T0 + i * 100L);
          }
        }
      }
      h.endInput();
      together = bySession(h.extractOutputValues());
    }
    assertEquals(sessions, together.size());
    for (int s : new int[] {0, 3, 6, 49}) {
      assertEquals(
          alone("room-" + s, s % 7, LatencyMode.CHUNKED), together.get("room-" + s), "room-" + s);
    }
    assertEquals(
        FixtureAudio.expectedWordTimes(),
        together.get("room-0").stream()
            .filter(l -> l.startsWith("segment"))
            .flatMap(
                l -> Arrays.stream(l.substring(l.indexOf('[') + 1, l.length() - 1).split(", ")))
            .toList());
  }

  @Test
  void aBundleIsCutByCountByTimeAndByWatermark() throws Exception {
    try (var h = harness(new SessionOperator.Bundle(3, Duration.ofMillis(20), 8))) {
      h.open();
      h.setProcessingTime(1_000);
      h.processElement(start("a"), T0);
      h.processElement(chunk("a", 0, 0), T0);
      assertEquals(List.of(), h.extractOutputValues(), "two inputs wait for their bundle");
      h.processElement(chunk("a", 1, 0), T0 + 100);
      assertEquals(Map.of("a", List.of("STARTED")), bySession(h.extractOutputValues()));

      h.processElement(start("b"), T0);
      h.setProcessingTime(1_019);
      assertEquals(1, h.extractOutputValues().size(), "b's START waits up to 20 ms");
      h.setProcessingTime(1_020);
      assertEquals(2, h.extractOutputValues().size());

      h.processElement(start("c"), T0);
      h.processWatermark(T0);
      assertEquals(3, h.extractOutputValues().size(), "a watermark cuts the bundle first");
    }
  }

  @Test
  void aCheckpointTakenMidBundleResumesWithNoChunkLostOrDoubled() throws Exception {
    List<String> ids = List.of("x", "y", "z");
    int cut = 57;
    int total = CHUNKS.size();
    List<TranscriptEvent> events = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    SessionOperator.Bundle neverByItself =
        new SessionOperator.Bundle(10_000, Duration.ofHours(1), 4);
    try (var before = harness(neverByItself)) {
      before.open();
      for (String id : ids) {
        before.processElement(start(id), T0);
      }
      for (int i = 0; i < cut; i++) {
        for (String id : ids) {
          before.processElement(chunk(id, i, 0), T0 + i * 100L);
        }
      }
      assertEquals(List.of(), before.extractOutputValues(), "all of it waits in the bundle");
      before.prepareSnapshotPreBarrier(1); // what the task does before the barrier goes on
      checkpoint = before.snapshot(1, T0 + cut * 100L);
      events.addAll(before.extractOutputValues());
    }
    try (var after = harness(neverByItself)) {
      after.initializeState(checkpoint);
      after.open();
      for (int i = cut; i < total; i++) {
        for (String id : ids) {
          after.processElement(chunk(id, i, 0), T0 + i * 100L);
        }
      }
      after.endInput();
      events.addAll(after.extractOutputValues());
    }
    Map<String, List<String>> resumed = bySession(events);
    List<String> uninterrupted = alone("x", 0);
    for (String id : ids) {
      assertEquals(uninterrupted, resumed.get(id), id);
    }
  }

  /**
   * The ENDED status says whether the session asked for the enhanced transcript and where its run's
   * chunks lie in the audio topic, across a checkpoint: what the enhancer reads.
   */
  @Test
  void theEndedStatusCarriesTheEnhancementRequestAndTheRunsAudioRange() throws Exception {
    SessionInput start = start("keynote");
    start.event.setEnhanceOnEnd(true);
    int cut = 20;
    int total = CHUNKS.size();
    OperatorSubtaskState checkpoint;
    try (var before = harness(SessionOperator.Bundle.NONE)) {
      before.open();
      before.processElement(start, T0);
      for (int i = 0; i < cut; i++) {
        before.processElement(located(chunk("keynote", i, 0), 3, 500 + i), T0 + i * 100L);
      }
      checkpoint = before.snapshot(1, T0 + cut * 100L);
    }
    List<TranscriptEvent> events;
    try (var after = harness(SessionOperator.Bundle.NONE)) {
      after.initializeState(checkpoint);
      after.open();
      for (int i = cut; i < total; i++) {
        after.processElement(located(chunk("keynote", i, 0), 3, 500 + i), T0 + i * 100L);
      }
      events = after.extractOutputValues();
    }
    SessionStatus ended =
        events.stream()
            .map(TranscriptEvent::getEvent)
            .filter(e -> e instanceof SessionStatus st && st.getState() == SessionState.ENDED)
            .map(SessionStatus.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals(true, ended.getEnhanceOnEnd());
    assertEquals(3, ended.getAudioPartition());
    assertEquals(500L, ended.getFirstAudioOffset());
    assertEquals(500L + total - 1, ended.getLastAudioOffset());
  }

  private static SessionInput located(SessionInput in, int partition, long offset) {
    in.partition = partition;
    in.offset = offset;
    return in;
  }

  /** Statuses as "STATE" or "STATE: reason" per session. */
  static Map<String, List<String>> statuses(List<TranscriptEvent> events) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (TranscriptEvent e : events) {
      if (e.getEvent() instanceof SessionStatus st) {
        out.computeIfAbsent(e.getSessionId(), k -> new ArrayList<>())
            .add(st.getState() + (st.getReason() == null ? "" : ": " + st.getReason()));
      }
    }
    return out;
  }

  @Test
  void aSessionBeyondTheSubtasksLimitIsRefusedWithTheReasonAndAFreedPlaceIsTakenAgain()
      throws Exception {
    String refusal =
        "REFUSED: this job subtask already transcribes 2 sessions, its limit (job --max-sessions);"
            + " start the room again later or add task slots";
    try (var h = harness(SessionOperator.Bundle.NONE, 2)) {
      h.open();
      h.processElement(start("a"), T0);
      h.processElement(start("b"), T0);
      h.processElement(start("c"), T0);
      for (int i = 0; i < CHUNKS.size(); i++) {
        for (String id : List.of("a", "b", "c")) {
          h.processElement(chunk(id, i, 0), T0 + i * 100L);
        }
      }
      h.processElement(start("d"), T0 + 20_000);
      h.processElement(start("c"), T0 + 20_000); // c's room starts again: a place is free now
      List<TranscriptEvent> events = h.extractOutputValues();
      Map<String, List<String>> states = statuses(events);
      assertEquals(List.of("STARTED", "ENDED"), states.get("a"));
      assertEquals(List.of("STARTED", "ENDED"), states.get("b"));
      assertEquals(List.of(refusal, "STARTED"), states.get("c"), "c came third, then had a place");
      assertEquals(List.of("STARTED"), states.get("d"), "a and b ended: d has a place");
      List<Long> runsOfC =
          events.stream()
              .filter(e -> e.getSessionId().equals("c") && e.getEvent() instanceof SessionStatus)
              .map(TranscriptEvent::getRun)
              .toList();
      assertEquals(List.of(0L, 1L), runsOfC, "the second start is the room's next run");
      Map<String, List<String>> lines = bySession(events);
      assertEquals(
          List.of("REFUSED", "STARTED"), lines.get("c"), "c's refused audio made no words");
      assertEquals(alone("a", 0), lines.get("a"));
    }
  }

  @Test
  void aBundleMustHoldAtLeastOneInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SessionOperator.Bundle(0, Duration.ofMillis(20), 32));
    assertEquals("bundle size must be at least 1, got 0", e.getMessage());
  }
}
