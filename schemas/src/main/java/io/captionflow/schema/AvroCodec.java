package io.captionflow.schema;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The one wire format of every topic: Avro single-object encoding (2-byte marker, 8-byte schema
 * fingerprint, binary body). Readers resolve records written with any archived version of the
 * schema (see {@code history/}), so fields can be added without breaking older data.
 */
public final class AvroCodec<T extends SpecificRecordBase> {

  // single-object encoding: 0xC3 0x01, then the writer schema's CRC-64-AVRO fingerprint (LE)
  private static final int HEADER_LENGTH = 10;
  private static final String HISTORY = "/io/captionflow/schema/history/";
  private static final List<String> HISTORY_FILES =
      List.of(
          "AudioChunk-v1.avsc",
          "SessionEvent-v1.avsc",
          "TranscriptEvent-v1.avsc",
          "DeadLetter-v1.avsc",
          "SessionEvent-v2.avsc",
          "TranscriptEvent-v2.avsc",
          "SessionEvent-v3.avsc",
          "TranscriptEvent-v3.avsc");

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final Schema schema;
  private final long fingerprint;
  private final SchemaStore writerSchemas;

  private AvroCodec(Class<T> type, Schema schema) {
    this(type, schema, archivedSchemas());
  }

  AvroCodec(Class<T> type, Schema schema, SchemaStore writerSchemas) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, writerSchemas);
    this.schema = schema;
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.writerSchemas = writerSchemas;
  }

  public static AvroCodec<AudioChunk> audioChunk() {
    return new AvroCodec<>(AudioChunk.class, AudioChunk.getClassSchema());
  }

  public static AvroCodec<SessionEvent> sessionEvent() {
    return new AvroCodec<>(SessionEvent.class, SessionEvent.getClassSchema());
  }

  public static AvroCodec<TranscriptEvent> transcriptEvent() {
    return new AvroCodec<>(TranscriptEvent.class, TranscriptEvent.getClassSchema());
  }

  public static AvroCodec<DeadLetter> deadLetter() {
    return new AvroCodec<>(DeadLetter.class, DeadLetter.getClassSchema());
  }

  public Class<T> type() {
    return type;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes one record, or throws {@link UndecodableRecordException} saying what is wrong with the
   * bytes. A length field reaching past the record's end is refused before anything is allocated
   * for it.
   */
  public T decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new UndecodableRecordException(
          "empty record, expected an Avro single-object encoded " + type.getSimpleName());
    }
    try {
      requireLengthsWithinRecord(bytes);
      return decoder.decode(bytes);
    } catch (BadHeaderException e) {
      throw new UndecodableRecordException(
          "not Avro single-object encoding (bad header) for " + type.getSimpleName());
    } catch (MissingSchemaException e) {
      throw new UndecodableRecordException(
          "unknown schema fingerprint, not a known version of " + type.getSimpleName());
    } catch (EOFException e) {
      throw new UndecodableRecordException(
          "corrupt "
              + type.getSimpleName()
              + " body: it ends before the data its fields declare ("
              + bytes.length
              + " bytes in all)");
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      throw new UndecodableRecordException(
          "corrupt " + type.getSimpleName() + " body: " + e.getMessage());
    }
  }

  // Avro allocates a string's or bytes' declared length before reading it (a 5-byte varint can ask
  // for 2 GiB); skipping the body over its writer schema checks every length against the data
  // first.
  private void requireLengthsWithinRecord(byte[] bytes) throws IOException {
    Schema writer = writerSchema(bytes);
    if (writer != null) {
      GenericDatumReader.skip(
          writer,
          DecoderFactory.get()
              .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null));
    }
  }

  /** The schema the header names, or null when the decoder itself must report the header. */
  private Schema writerSchema(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
      return null;
    }
    long written = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return written == fingerprint ? schema : writerSchemas.findByFingerprint(written);
  }

  static SchemaStore.Cache archivedSchemas() {
    SchemaStore.Cache store = new SchemaStore.Cache();
    for (String file : HISTORY_FILES) {
      try (InputStream in = AvroCodec.class.getResourceAsStream(HISTORY + file)) {
        if (in == null) {
          throw new IllegalStateException(
              "schema history file missing from the classpath: " + file);
        }
        store.addSchema(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return store;
  }

  static List<String> historyFiles() {
    return HISTORY_FILES;
  }
}
