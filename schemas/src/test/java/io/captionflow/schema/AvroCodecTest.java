package io.captionflow.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

  @Test
  void audioChunkRoundTrips() {
    AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();
    AudioChunk chunk =
        AudioChunk.newBuilder()
            .setSessionId("room-a")
            .setSequence(7)
            .setSampleRate(16000)
            .setEncoding(AudioEncoding.PCM16)
            .setChannels(1)
            .setPcm(ByteBuffer.wrap(new byte[] {1, 0, -1, -1}))
            .setCaptureTimeMillis(1234L)
            .setEndOfStream(false)
            .build();
    AudioChunk back = codec.decode(codec.encode(chunk));
    assertEquals(chunk, back);
    assertArrayEquals(new byte[] {1, 0, -1, -1}, back.getPcm().array());
  }

  @Test
  void transcriptEventCarriesSegmentsActivityAndStatusInOneStream() {
    AvroCodec<TranscriptEvent> codec = AvroCodec.transcriptEvent();
    SubtitleSegment segment =
        SubtitleSegment.newBuilder()
            .setSessionId("s")
            .setSegmentId("s/0")
            .setSequence(0)
            .setText("hello world")
            .setWords(
                List.of(
                    new Word("hello", 0.0, 0.4, 0.9f, null),
                    new Word("world", 0.5, 0.9, 0.8f, null)))
            .setStartSeconds(0.0)
            .setEndSeconds(0.9)
            .setIsFinal(true)
            .setEmitTimeMillis(5L)
            .build();
    for (Object payload :
        List.of(
            segment,
            new SpeechActivity(true, 1.5),
            SessionStatus.newBuilder()
                .setState(SessionState.REFUSED)
                .setLanguage("en")
                .setReason("diarization model missing")
                .setAtSeconds(0.0)
                .build(),
            new ConfirmedWords(3L, List.of(new Word("good", 1.0, 1.3, 0.9f, 1)), "en", 7L, 8L))) {
      TranscriptEvent event =
          TranscriptEvent.newBuilder()
              .setSessionId("s")
              .setEvent(payload)
              .setEmitTimeMillis(9L)
              .build();
      assertEquals(event, codec.decode(codec.encode(event)));
    }
  }

  @Test
  void newUnionBranchesComeLastSoEarlierBranchIndexesStay() {
    List<String> branches =
        TranscriptEvent.getClassSchema().getField("event").schema().getTypes().stream()
            .map(Schema::getName)
            .toList();
    assertEquals(
        List.of(
            "SubtitleSegment",
            "SpeechActivity",
            "SessionStatus",
            "ConfirmedWords",
            "EnhancedSegment"),
        branches);
  }

  @Test
  void undecodableBytesAreRejectedWithAReason() {
    AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();
    assertTrue(
        assertThrows(UndecodableRecordException.class, () -> codec.decode(new byte[0]))
            .getMessage()
            .contains("empty"));
    assertTrue(
        assertThrows(UndecodableRecordException.class, () -> codec.decode("hello".getBytes()))
            .getMessage()
            .contains("bad header"));
    byte[] otherType =
        AvroCodec.deadLetter().encode(new DeadLetter(null, null, "t", 0, 0L, "r", "x", 0L));
    assertTrue(
        assertThrows(UndecodableRecordException.class, () -> codec.decode(otherType))
            .getMessage()
            .contains("AudioChunk"));
    byte[] truncated =
        Arrays.copyOf(
            codec.encode(
                AudioChunk.newBuilder()
                    .setSessionId("s")
                    .setSequence(0)
                    .setSampleRate(16000)
                    .setEncoding(AudioEncoding.F32)
                    .setPcm(ByteBuffer.wrap(new byte[64]))
                    .setCaptureTimeMillis(0L)
                    .build()),
            20);
    assertTrue(
        assertThrows(UndecodableRecordException.class, () -> codec.decode(truncated))
            .getMessage()
            .startsWith("corrupt AudioChunk"));
  }

  @Test
  void aLengthFieldPastTheRecordsEndIsRefusedWithoutAllocatingIt() {
    AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();
    byte[] header =
        Arrays.copyOf(
            codec.encode(
                AudioChunk.newBuilder()
                    .setSessionId("s")
                    .setSequence(0)
                    .setSampleRate(16000)
                    .setEncoding(AudioEncoding.PCM16)
                    .setPcm(ByteBuffer.wrap(new byte[2]))
                    .setCaptureTimeMillis(0L)
                    .build()),
            10);
    // sessionId's length varint 80 FF FF FF 00 zigzag-decodes to 134,217,664 bytes
    byte[] record = Arrays.copyOf(header, 18);
    System.arraycopy(new byte[] {(byte) 0x80, -1, -1, -1, 0, 0x12, 0, 0x3f}, 0, record, 10, 8);
    assertEquals(
        "corrupt AudioChunk body: it ends before the data its fields declare (18 bytes in all)",
        assertThrows(UndecodableRecordException.class, () -> codec.decode(record)).getMessage());
  }

  @Test
  void recordsWrittenWithAnOlderSchemaAreReadWithDefaults() throws Exception {
    // An older producer that knew neither channels nor endOfStream.
    Schema older =
        new Schema.Parser()
            .parse(
                """
        {"type":"record","name":"AudioChunk","namespace":"io.captionflow.schema","fields":[
          {"name":"sessionId","type":"string"},{"name":"sequence","type":"long"},
          {"name":"sampleRate","type":"int"},
          {"name":"encoding","type":{"type":"enum","name":"AudioEncoding","symbols":["PCM16","F32"]}},
          {"name":"pcm","type":"bytes"},{"name":"captureTimeMillis","type":"long"}]}""");
    GenericRecord old = new GenericData.Record(older);
    old.put("sessionId", "s");
    old.put("sequence", 3L);
    old.put("sampleRate", 16000);
    old.put("encoding", new GenericData.EnumSymbol(older.getField("encoding").schema(), "PCM16"));
    old.put("pcm", ByteBuffer.wrap(new byte[] {0, 0}));
    old.put("captureTimeMillis", 1L);
    ByteBuffer encoded =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    SchemaStore.Cache store = AvroCodec.archivedSchemas();
    store.addSchema(older);
    AudioChunk read =
        new AvroCodec<>(AudioChunk.class, AudioChunk.getClassSchema(), store).decode(bytes);
    assertEquals(3L, read.getSequence());
    assertEquals(1, read.getChannels());
    assertFalse(read.getEndOfStream());
  }

  @Test
  void v1SessionEventsAndTranscriptEventsAreReadWithV2Defaults() throws Exception {
    // Records stored before END carried its last sequence and transcript events their run.
    Schema v1End = historySchema("SessionEvent-v1.avsc");
    GenericRecord end = new GenericData.Record(v1End);
    end.put("sessionId", "room-a");
    end.put("type", new GenericData.EnumSymbol(v1End.getField("type").schema(), "END"));
    end.put("eventTimeMillis", 5L);
    for (Schema.Field f : v1End.getFields()) {
      if (end.get(f.name()) == null && f.hasDefaultValue()) {
        end.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    SessionEvent readEnd = AvroCodec.sessionEvent().decode(encode(v1End, end));
    assertEquals(SessionEventType.END, readEnd.getType());
    assertEquals(null, readEnd.getLastSequence());

    Schema v1Transcript = historySchema("TranscriptEvent-v1.avsc");
    Schema v1Status = v1Transcript.getField("event").schema().getTypes().get(2);
    GenericRecord status = new GenericData.Record(v1Status);
    status.put("state", new GenericData.EnumSymbol(v1Status.getField("state").schema(), "STARTED"));
    status.put("atSeconds", 1.5);
    GenericRecord event = new GenericData.Record(v1Transcript);
    event.put("sessionId", "room-a");
    event.put("event", status);
    event.put("emitTimeMillis", 9L);
    TranscriptEvent readEvent = AvroCodec.transcriptEvent().decode(encode(v1Transcript, event));
    assertEquals(0L, readEvent.getRun());
    assertEquals(SessionState.STARTED, ((SessionStatus) readEvent.getEvent()).getState());
  }

  @Test
  void v2EventsAreReadWithV3DefaultsAndAStateFromTheFutureReadsAsUnknown() throws Exception {
    Schema v2Start = historySchema("SessionEvent-v2.avsc");
    GenericRecord start = new GenericData.Record(v2Start);
    start.put("sessionId", "room-a");
    start.put("type", new GenericData.EnumSymbol(v2Start.getField("type").schema(), "START"));
    start.put("eventTimeMillis", 5L);
    for (Schema.Field f : v2Start.getFields()) {
      if (start.get(f.name()) == null && f.hasDefaultValue()) {
        start.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    SessionEvent readStart = AvroCodec.sessionEvent().decode(encode(v2Start, start));
    assertFalse(readStart.getEnhanceOnEnd());

    // a writer one version ahead, with a state this reader does not know
    Schema future =
        new Schema.Parser()
            .parse(
                TranscriptEvent.getClassSchema()
                    .toString()
                    .replace("\"ENHANCED\",\"UNKNOWN\"", "\"ENHANCED\",\"UNKNOWN\",\"ARCHIVED\""));
    Schema futureStatus =
        future.getField("event").schema().getTypes().stream()
            .filter(t -> t.getName().equals("SessionStatus"))
            .findFirst()
            .orElseThrow();
    GenericRecord status = new GenericData.Record(futureStatus);
    status.put(
        "state", new GenericData.EnumSymbol(futureStatus.getField("state").schema(), "ARCHIVED"));
    status.put("atSeconds", 1.5);
    for (Schema.Field f : futureStatus.getFields()) {
      if (status.get(f.name()) == null && f.hasDefaultValue()) {
        status.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    GenericRecord event = new GenericData.Record(future);
    event.put("sessionId", "room-a");
    event.put("event", status);
    event.put("emitTimeMillis", 9L);
    event.put("run", 0L);
    org.apache.avro.message.BinaryMessageDecoder<TranscriptEvent> reader =
        new org.apache.avro.message.BinaryMessageDecoder<>(
            new org.apache.avro.specific.SpecificData(), TranscriptEvent.getClassSchema());
    reader.addSchema(future);
    TranscriptEvent read = reader.decode(encode(future, event));
    assertEquals(SessionState.UNKNOWN, ((SessionStatus) read.getEvent()).getState());
  }

  private static Schema historySchema(String file) throws Exception {
    try (InputStream in =
        AvroCodec.class.getResourceAsStream("/io/captionflow/schema/history/" + file)) {
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer encoded =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  @Test
  void everyCurrentSchemaIsArchivedInHistory() throws Exception {
    // A schema change without a new history file would leave its records unreadable by other
    // services.
    Set<Long> archived = new HashSet<>();
    for (String file : AvroCodec.historyFiles()) {
      try (InputStream in =
          AvroCodec.class.getResourceAsStream("/io/captionflow/schema/history/" + file)) {
        archived.add(SchemaNormalization.parsingFingerprint64(new Schema.Parser().parse(in)));
      }
    }
    for (Schema current :
        List.of(
            AudioChunk.getClassSchema(),
            SessionEvent.getClassSchema(),
            TranscriptEvent.getClassSchema(),
            DeadLetter.getClassSchema())) {
      assertTrue(
          archived.contains(SchemaNormalization.parsingFingerprint64(current)),
          current.getName()
              + " changed: copy src/main/avro/"
              + current.getName()
              + ".avsc to history/ as the next version and list it in AvroCodec");
    }
  }

  @Test
  void topicNamesAreValidated() {
    assertEquals("t.captionflow.audio", Topics.DEFAULT.withPrefix("t.").audio());
    assertThrows(IllegalArgumentException.class, () -> new Topics("a b", "s", "g", "d"));
  }
}
