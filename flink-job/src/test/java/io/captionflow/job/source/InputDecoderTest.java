package io.captionflow.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class InputDecoderTest {

  @Test
  void badRecordsBecomeDeadLettersWithTheirOrigin() throws Exception {
    InputDecoder decoder = new InputDecoder("audio", "events", 2.0);
    try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(decoder))) {
      harness.open();
      byte[] key = "room".getBytes(StandardCharsets.UTF_8);
      byte[] start =
          AvroCodec.sessionEvent()
              .encode(
                  SessionEvent.newBuilder()
                      .setSessionId("room")
                      .setType(SessionEventType.START)
                      .setEventTimeMillis(0)
                      .build());
      harness.processElement(new StreamRecord<>(new RawRecord("events", 0, 7, key, start)));
      harness.processElement(
          new StreamRecord<>(new RawRecord("audio", 1, 8, key, new byte[] {1, 2, 3})));
      harness.processElement(
          new StreamRecord<>(
              new RawRecord("events", 0, 9, "other".getBytes(StandardCharsets.UTF_8), start)));
      harness.processElement(new StreamRecord<>(new RawRecord("stray", 0, 10, key, start)));

      List<SessionInput> accepted = harness.extractOutputValues();
      assertEquals(1, accepted.size());
      assertEquals("room", accepted.get(0).sessionId);
      assertEquals(7, accepted.get(0).offset);
      List<DeadLetter> letters =
          harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
      assertEquals(
          List.of(
              "undecodable record: not Avro single-object encoding (bad header) for AudioChunk",
              "key 'other' differs from the record's session id 'room' (records must be keyed by session)",
              "record from unexpected topic stray"),
          letters.stream().map(DeadLetter::getReason).toList());
      assertEquals(
          List.of("audio/1/8", "events/0/9", "stray/0/10"),
          letters.stream()
              .map(l -> l.getTopic() + "/" + l.getPartition() + "/" + l.getOffset())
              .toList());
      assertEquals(InputDecoder.STAGE, letters.get(0).getStage());
    }
  }
}
