package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.audio.PcmCodec;
import io.captionflow.job.fixture.SpeakerToneAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.source.RawRecord;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.wire.AudioChunks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The session operator's keyed state of a diarized session, checkpointed mid-session on a task
 * manager with the Sortformer model and restored on one whose model file is gone: the job keeps
 * transcribing the session without speakers, says so once, and counts it in {@code
 * diarizationLost}.
 */
class SessionProcessorRecoveryTest {

  /** Captures the operator's metrics, including those in its {@code captionflow} group. */
  static final class OperatorMetrics extends InterceptingTaskMetricGroup {
    final InterceptingOperatorMetricGroup operator =
        new InterceptingOperatorMetricGroup() {
          @Override
          public MetricGroup addGroup(String name) {
            return this;
          }
        };

    @Override
    public InternalOperatorMetricGroup getOrAddOperator(
        OperatorID id, String name, Map<String, String> info) {
      return operator;
    }
  }

  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> harness(
      String sortformer, OperatorMetrics metrics) throws Exception {
    ModelSpec models =
        SessionOperatorHarness.fixtureModels(ModelSpec.PARAKEET).withSortformerModel(sortformer);
    SessionProcessor processor =
        new SessionProcessor(
            models,
            SessionStream.Defaults.STANDARD,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            Duration.ofHours(1));
    MockEnvironment env =
        new MockEnvironmentBuilder().setMetricGroup(metrics).setMaxParallelism(128).build();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new SessionOperator(processor, SessionOperator.Bundle.NONE),
        in -> in.sessionId,
        Types.STRING,
        env);
  }

  static SessionInput start() {
    SessionEvent e =
        SessionEvent.newBuilder()
            .setSessionId("room")
            .setType(SessionEventType.START)
            .setLatencyMode("speedy")
            .setDiarization(true)
            .setMaxSpeakers(2)
            .setEventTimeMillis(0)
            .build();
    return SessionInput.of(e, new RawRecord("events", 0, 0, new byte[0], new byte[0]));
  }

  static SessionInput chunk(long sequence, float[] samples, boolean last) {
    byte[] pcm = PcmCodec.encodePcm16(samples);
    AudioChunk c = AudioChunks.pcm16("room", sequence, pcm, 0, last);
    // the samples the input decoder hands on: the PCM16 decoded
    return SessionInput.of(
        c,
        PcmCodec.decodePcm16(pcm),
        new RawRecord("audio", 0, sequence, new byte[0], new byte[0]));
  }

  /** Final segments as "speaker: text" and statuses as "STATE: reason". */
  static List<String> seen(List<TranscriptEvent> events) {
    List<String> out = new ArrayList<>();
    for (TranscriptEvent e : events) {
      if (e.getEvent() instanceof SubtitleSegment s && s.getIsFinal()) {
        out.add(s.getSpeaker() + ": " + s.getText());
      } else if (e.getEvent() instanceof SessionStatus st) {
        out.add(st.getState() + (st.getReason() == null ? "" : ": " + st.getReason()));
      }
    }
    return out;
  }

  @Test
  void aDiarizedSessionRestoredWhereTheModelIsGoneGoesOnWithoutSpeakersAndSaysSoOnce()
      throws Exception {
    List<float[]> chunks = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600);
    // At 2.5 s "hello world" has speaker 0 in the open segment and "stream" (ends 1.52 s) waits for
    // its speaker.
    int restoreAt = 25;
    List<TranscriptEvent> events = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    try (var before =
        harness(SpeakerToneAudio.sortformerModel().toString(), new OperatorMetrics())) {
      before.open();
      before.processElement(start(), 0);
      for (int i = 0; i < restoreAt; i++) {
        before.processElement(chunk(i, chunks.get(i), false), 0);
      }
      checkpoint = before.snapshot(1, 1);
      events.addAll(before.extractOutputValues());
    }

    Path gone = Files.createTempDirectory("captionflow-recovery").resolve("sortformer-gone.onnx");
    OperatorMetrics metrics = new OperatorMetrics();
    try (var after = harness(gone.toString(), metrics)) {
      after.setup();
      after.initializeState(checkpoint);
      after.open();
      for (int i = restoreAt; i < chunks.size(); i++) {
        after.processElement(chunk(i, chunks.get(i), i == chunks.size() - 1), 0);
      }
      events.addAll(after.extractOutputValues());
    }

    assertEquals(
        List.of(
            "STARTED",
            "STARTED: diarization unavailable after recovery (speaker diarization was requested but is unavailable:"
                + " Sortformer model not found: "
                + gone
                + " is missing (set SORTFORMER_MODEL_PATH to"
                + " diar_streaming_sortformer_4spk-v2.onnx or v2.1.onnx)): speakers are omitted from here on",
            "0: hello world",
            "null: stream no words from",
            "null: every world",
            "ENDED"),
        seen(events));
    assertEquals(1, ((Counter) metrics.operator.get("diarizationLost")).getCount());
  }
}
