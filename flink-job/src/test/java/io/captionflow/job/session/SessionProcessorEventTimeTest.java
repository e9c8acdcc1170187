package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.audio.PcmCodec;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.job.source.DeadLetters;
import io.captionflow.job.source.RawRecord;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.wire.AudioChunks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session operator ends sessions in stream order: an END read far ahead of its audio waits for
 * it, a restored job's backlog is not expired by the time it was down, and time-based ends come
 * only once the watermark says the job caught up. Event timestamps and watermarks are given as the
 * Kafka source and {@code CaughtUpWatermarks} would give them; the fixture model transcribes.
 */
class SessionProcessorEventTimeTest {

  static final String ID = "room";
  static final long T0 = 1_700_000_000_000L; // when the session's first chunk was published
  static final List<float[]> CHUNKS = SessionStreamTest.chunks(FixtureAudio.audio(), 1600);
  static final int LAST = CHUNKS.size() - 1;

  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> harness(
      SessionStream.Defaults defaults, Duration idleExpiry, Duration endGrace) throws Exception {
    SessionProcessor processor =
        new SessionProcessor(
            SessionOperatorHarness.fixtureModels(ModelSpec.PARAKEET),
            defaults,
            idleExpiry,
            endGrace,
            Duration.ofHours(1));
    return SessionOperatorHarness.open(processor, SessionOperator.Bundle.NONE);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> harness()
      throws Exception {
    return harness(SessionStream.Defaults.STANDARD, Duration.ofSeconds(20), Duration.ofSeconds(5));
  }

  static SessionInput event(SessionEventType type, Long lastSequence) {
    SessionEvent e =
        SessionEvent.newBuilder()
            .setSessionId(ID)
            .setType(type)
            .setLatencyMode(type == SessionEventType.START ? "speedy" : null)
            .setEventTimeMillis(0)
            .setLastSequence(lastSequence)
            .build();
    return SessionInput.of(e, new RawRecord("events", 0, 0, new byte[0], new byte[0]));
  }

  static SessionInput chunk(int sequence, boolean endOfStream) {
    byte[] pcm = PcmCodec.encodePcm16(CHUNKS.get(sequence));
    AudioChunk c = AudioChunks.pcm16(ID, sequence, pcm, 0, endOfStream);
    // the samples the input decoder hands on: the PCM16 decoded
    return SessionInput.of(
        c,
        PcmCodec.decodePcm16(pcm),
        new RawRecord("audio", 0, sequence, new byte[0], new byte[0]));
  }

  /**
   * Chunks {@code from..to} as read from a lagging audio partition: each with its timestamp, the
   * watermark following the data.
   */
  static void audio(
      KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> h,
      long audioT0,
      int from,
      int to,
      boolean endOfStreamLast)
      throws Exception {
    for (int i = from; i <= to; i++) {
      long ts = audioT0 + i * 100L;
      h.processElement(chunk(i, endOfStreamLast && i == LAST), ts);
      h.processWatermark(ts - 1);
    }
  }

  /** Final words as "text@start-end", in order. */
  static List<String> words(List<TranscriptEvent> events) {
    return events.stream()
        .filter(e -> e.getEvent() instanceof SubtitleSegment s && s.getIsFinal())
        .flatMap(e -> ((SubtitleSegment) e.getEvent()).getWords().stream())
        .map(w -> FixtureAudio.format(w.getText(), w.getStartSeconds(), w.getEndSeconds()))
        .toList();
  }

  /** Statuses as "STATE" or "STATE: reason". */
  static List<String> statuses(List<TranscriptEvent> events) {
    List<String> out = new ArrayList<>();
    for (TranscriptEvent e : events) {
      if (e.getEvent() instanceof SessionStatus st) {
        out.add(st.getState() + (st.getReason() == null ? "" : ": " + st.getReason()));
      }
    }
    return out;
  }

  static List<String> deadLetters(
      KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> h) {
    var letters = h.getSideOutput(DeadLetters.TAG);
    return letters == null
        ? List.of()
        : letters.stream().map(StreamRecord::getValue).map(DeadLetter::getReason).toList();
  }

  static List<String> expectedWordsEndingBy(double seconds) {
    return FixtureAudio.language().expectedWords(FixtureAudio.schedule()).stream()
        .filter(w -> w.endSeconds() <= seconds)
        .map(FixtureAudio::format)
        .toList();
  }

  /**
   * The END is read 30 s before its audio: stamped after the audio was published (a lagging audio
   * partition), or before it (the colleague's case: START and END published, the 40 chunks 8 s
   * later). Either way the session ends with its last chunk, with every word.
   */
  @ParameterizedTest
  @ValueSource(longs = {12_000, -8_000})
  void anEndReadThirtySecondsAheadOfItsAudioDeliversEveryWord(long endAfterAudioStart)
      throws Exception {
    long audioT0 = endAfterAudioStart > 0 ? T0 : T0 - endAfterAudioStart;
    long endTs = T0 + Math.max(0, endAfterAudioStart);
    try (var h = harness()) {
      h.open();
      h.processElement(event(SessionEventType.START, null), T0 - 100);
      h.processElement(event(SessionEventType.END, (long) LAST), endTs);
      h.setProcessingTime(Duration.ofSeconds(30).toMillis()); // the wall clock: irrelevant now
      audio(h, audioT0, 0, LAST - 1, false);
      assertEquals(List.of("STARTED"), statuses(h.extractOutputValues()));
      audio(h, audioT0, LAST, LAST, false); // no end-of-stream flag: the END names the chunk
      List<TranscriptEvent> events = h.extractOutputValues();
      assertEquals(FixtureAudio.expectedWordTimes(), words(events));
      assertEquals(List.of("STARTED", "ENDED"), statuses(events));
      assertEquals(
          SessionStatus.class, events.get(events.size() - 1).getEvent().getClass(), "ends last");
      assertEquals(List.of(), deadLetters(h));
    }
  }

  @Test
  void anEndWithoutLastSequenceReadAheadOfItsAudioWaitsWhileTheAudioFlows() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(event(SessionEventType.START, null), T0);
      h.processElement(event(SessionEventType.END, null), T0); // an older producer
      h.setProcessingTime(Duration.ofMinutes(1).toMillis());
      audio(h, T0 + 8_000, 0, LAST, true);
      List<TranscriptEvent> events = h.extractOutputValues();
      assertEquals(FixtureAudio.expectedWordTimes(), words(events));
      assertEquals(List.of("STARTED", "ENDED"), statuses(events));
      assertEquals(List.of(), deadLetters(h));
    }
  }

  @Test
  void anEndWhoseAudioWasAllProcessedEndsAtOnceWithoutAnyTimer() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(event(SessionEventType.START, null), T0);
      for (int i = 0; i <= LAST; i++) {
        h.processElement(chunk(i, false), T0 + i * 100L); // no watermark at all
      }
      assertEquals(List.of("STARTED"), statuses(h.extractOutputValues()));
      h.processElement(event(SessionEventType.END, (long) LAST), T0 + 12_000);
      List<TranscriptEvent> events = h.extractOutputValues();
      assertEquals(List.of("STARTED", "ENDED"), statuses(events));
      assertEquals(FixtureAudio.expectedWordTimes(), words(events));
    }
  }

  /**
   * The colleague's case: the task manager dies 3 s into a session and the job is back minutes
   * later with idle expiry 20 s; the backlog is read with its timestamps and nothing expires.
   */
  @Test
  void aJobRestoredAfterMinutesDownReadsItsBacklogWithoutEndingTheSession() throws Exception {
    int restoreAt = 30;
    List<TranscriptEvent> events = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    try (var before = harness()) {
      before.open();
      before.processElement(event(SessionEventType.START, null), T0 - 100);
      audio(before, T0, 0, restoreAt - 1, false);
      checkpoint = before.snapshot(1, T0 + 3_000);
      events.addAll(before.extractOutputValues());
    }
    try (var after = harness()) {
      after.initializeState(checkpoint);
      after.open();
      after.setProcessingTime(Duration.ofMinutes(7).toMillis()); // down for minutes
      assertEquals(List.of(), after.extractOutputValues(), "nothing fires on the wall clock");
      for (int i = restoreAt; i <= LAST; i++) {
        audio(after, T0, i, i, true);
        after.setProcessingTime(Duration.ofMinutes(7).toMillis() + i * 10L);
      }
      after.processElement(event(SessionEventType.END, (long) LAST), T0 + 12_000);
      events.addAll(after.extractOutputValues());
      assertEquals(List.of(), deadLetters(after));
    }
    assertEquals(FixtureAudio.expectedWordTimes(), words(events));
    assertEquals(List.of("STARTED", "ENDED"), statuses(events));
  }

  /**
   * Keyed state as the job wrote it before deadlines followed event time: the session, its deadline
   * and a processing-time timer for it.
   */
  static final class BeforeEventTime extends KeyedProcessFunction<String, SessionInput, Void> {
    static final long DEADLINE = T0 + 60_000;

    @Override
    public void processElement(SessionInput in, Context ctx, Collector<Void> out) throws Exception {
      SessionStream stream =
          SessionStream.create(
              SessionStream.Defaults.STANDARD,
              new WindowDecoder(new LevelRecognizer()),
              new RmsEnergyModel());
      stream.onStart(SessionSettings.of(LatencyMode.SPEEDY), new RecordingOutput());
      getRuntimeContext()
          .getState(
              new ValueStateDescriptor<>(
                  "session", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO))
          .update(stream.toBytes());
      getRuntimeContext()
          .getState(new ValueStateDescriptor<>("deadline", Types.LONG))
          .update(DEADLINE);
      ctx.timerService().registerProcessingTimeTimer(DEADLINE);
    }
  }

  @Test
  void aProcessingTimeDeadlineFromBeforeTheUpgradeWaitsForTheJobToCatchUp() throws Exception {
    OperatorSubtaskState old;
    try (var before =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new BeforeEventTime()), in -> in.sessionId, Types.STRING)) {
      before.open();
      before.processElement(event(SessionEventType.START, null), T0);
      old = before.snapshot(1, T0);
    }
    try (var h = harness()) {
      h.initializeState(old);
      h.open();
      h.setProcessingTime(BeforeEventTime.DEADLINE + 1); // the wall clock passed it while down
      assertEquals(List.of(), h.extractOutputValues());
      h.processWatermark(BeforeEventTime.DEADLINE - 1);
      assertEquals(List.of(), h.extractOutputValues());
      h.processWatermark(BeforeEventTime.DEADLINE);
      assertEquals(List.of("EXPIRED: no input for 20 s"), statuses(h.extractOutputValues()));
    }
  }

  @Test
  void anIdleSessionExpiresOnceTheJobHasCaughtUpPastItsIdleExpiry() throws Exception {
    int lastSent = 89; // 9.0 s; the speaker's bridge then goes silent for good
    long lastTs = T0 + lastSent * 100L;
    try (var h = harness()) {
      h.open();
      h.processElement(event(SessionEventType.START, null), T0 - 100);
      audio(h, T0, 0, lastSent, false);
      h.processWatermark(lastTs + 20_000); // deadline: last input + 20 s, up to a whole second
      assertEquals(List.of("STARTED"), statuses(h.extractOutputValues()));
      h.processWatermark(lastTs + 21_000);
      List<TranscriptEvent> events = h.extractOutputValues();
      assertEquals(List.of("STARTED", "EXPIRED: no input for 20 s"), statuses(events));
      assertEquals(expectedWordsEndingBy(9.0), words(events));
    }
  }

  @Test
  void anEndWhoseTailNeverArrivesEndsGraceAfterTheLastInputOnceCaughtUp() throws Exception {
    int lastSent = 89;
    long lastTs = T0 + lastSent * 100L;
    try (var h = harness()) {
      h.open();
      h.processElement(event(SessionEventType.START, null), T0 - 100);
      h.processElement(event(SessionEventType.END, (long) LAST), T0 - 50);
      audio(h, T0, 0, lastSent, false);
      h.processWatermark(lastTs + 5_000);
      assertEquals(List.of("STARTED"), statuses(h.extractOutputValues()));
      h.processWatermark(lastTs + 6_000);
      List<TranscriptEvent> events = h.extractOutputValues();
      assertEquals(
          List.of(
              "STARTED",
              "ENDED: END event: audio through chunk "
                  + LAST
                  + " still incomplete 5 s after the session's last input"),
          statuses(events));
      assertEquals(expectedWordsEndingBy(9.0), words(events));
    }
  }

  @Test
  void aChunkArrivingAfterItsPlaceWasFilledIsADeadLetterThatSaysSo() throws Exception {
    SessionStream.Defaults narrow = new SessionStream.Defaults(LatencyMode.SPEEDY, 60.0, 2, true);
    try (var h = harness(narrow, Duration.ofSeconds(20), Duration.ofSeconds(5))) {
      h.open();
      h.processElement(event(SessionEventType.START, null), T0 - 100);
      for (int i : new int[] {0, 2, 3, 4, 1}) { // 1 is more than 2 chunks late: 0.1-0.2 s, silent
        h.processElement(chunk(i, false), T0 + i * 100L);
      }
      audio(h, T0, 5, LAST, true);
      assertEquals(
          List.of(
              "chunk 1 of session room arrived after its place was filled with silence"
                  + " (more than 2 chunks out of order)"),
          deadLetters(h));
      List<TranscriptEvent> events = h.extractOutputValues();
      assertEquals(FixtureAudio.expectedWordTimes(), words(events));
      assertEquals(List.of("STARTED", "ENDED"), statuses(events));
    }
  }
}
