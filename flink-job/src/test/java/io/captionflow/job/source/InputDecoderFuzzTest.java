package io.captionflow.job.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link InputDecoder}: any record on the audio or session-events topic
 * becomes exactly one {@link SessionInput} or one dead letter carrying the original bytes, never an
 * exception, within a bounded allocation and time. Without JAZZER_FUZZ only the committed inputs in
 * {@code InputDecoderFuzzTestInputs/decode/} run (README "Fuzzing").
 */
class InputDecoderFuzzTest {

  private static final String AUDIO = "audio";
  private static final String EVENTS = "events";
  private static final long FIXED_ALLOCATION_BUDGET = 16L << 20;
  private static final long ALLOCATION_PER_INPUT_BYTE = 256;
  // Avro single-object header (marker + schema fingerprint): lets the fuzzer reach the body parser.
  private static final byte[] AUDIO_HEADER = header(AvroCodec.audioChunk().encode(sampleChunk()));
  private static final byte[] EVENTS_HEADER =
      header(AvroCodec.sessionEvent().encode(sampleEvent()));

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  // One operator for all inputs: opening a harness per input would dominate the run time.
  private static OneInputStreamOperatorTestHarness<RawRecord, SessionInput> harness;

  @FuzzTest(maxDuration = "60s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decode(FuzzedDataProvider data) throws Exception {
    String topic = data.pickValue(new String[] {AUDIO, EVENTS});
    byte[] key = data.consumeBoolean() ? data.consumeBytes(64) : null;
    byte[] body = data.consumeRemainingAsBytes();
    byte[] value = body;
    if (body.length > 0 && (body[0] & 1) == 1) {
      byte[] header = topic.equals(AUDIO) ? AUDIO_HEADER : EVENTS_HEADER;
      value = Arrays.copyOf(header, header.length + body.length - 1);
      System.arraycopy(body, 1, value, header.length, body.length - 1);
    }
    RawRecord record = new RawRecord(topic, 0, 42, key, value);
    var operator = harness();

    long before = THREADS.getCurrentThreadAllocatedBytes();
    operator.processElement(new StreamRecord<>(record));
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

    List<SessionInput> accepted = operator.extractOutputValues();
    List<DeadLetter> letters =
        operator.getSideOutput(DeadLetters.TAG) == null
            ? List.of()
            : operator.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
    operator.getOutput().clear();
    if (operator.getSideOutput(DeadLetters.TAG) != null) {
      operator.getSideOutput(DeadLetters.TAG).clear();
    }
    assertEquals(1, accepted.size() + letters.size(), "each record is accepted or dead-lettered");
    if (!letters.isEmpty()) {
      assertArrayEquals(value, bytes(letters.get(0).getOriginalValue()));
      assertEquals(InputDecoder.STAGE, letters.get(0).getStage());
    }
    long budget = FIXED_ALLOCATION_BUDGET + ALLOCATION_PER_INPUT_BYTE * value.length;
    assertTrue(
        allocated <= budget,
        "decoding allocated " + allocated + " bytes for a " + value.length + "-byte record");
  }

  @AfterAll
  static void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
      harness = null;
    }
  }

  private static OneInputStreamOperatorTestHarness<RawRecord, SessionInput> harness()
      throws Exception {
    if (harness == null) {
      harness =
          new OneInputStreamOperatorTestHarness<>(
              new ProcessOperator<>(new InputDecoder(AUDIO, EVENTS, 2.0)));
      harness.open();
      // first-use costs (class loading, logging set-up) are not the decoder's per-record allocation
      harness.processElement(new StreamRecord<>(new RawRecord(AUDIO, 0, 0, null, new byte[0])));
      harness.processElement(
          new StreamRecord<>(
              new RawRecord(EVENTS, 0, 0, null, AvroCodec.sessionEvent().encode(sampleEvent()))));
      harness.processElement(
          new StreamRecord<>(
              new RawRecord(AUDIO, 0, 0, null, AvroCodec.audioChunk().encode(sampleChunk()))));
      harness.getOutput().clear();
      harness.getSideOutput(DeadLetters.TAG).clear();
    }
    return harness;
  }

  private static byte[] header(byte[] encoded) {
    return Arrays.copyOf(encoded, 10);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private static AudioChunk sampleChunk() {
    return AudioChunk.newBuilder()
        .setSessionId("room")
        .setSequence(0)
        .setSampleRate(16000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(new byte[4]))
        .setCaptureTimeMillis(0)
        .build();
  }

  private static SessionEvent sampleEvent() {
    return SessionEvent.newBuilder()
        .setSessionId("room")
        .setType(SessionEventType.START)
        .setEventTimeMillis(0)
        .build();
  }
}
