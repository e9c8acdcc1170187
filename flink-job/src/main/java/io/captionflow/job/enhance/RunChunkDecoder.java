package io.captionflow.job.enhance;

import io.captionflow.job.source.ChunkValidator;
import io.captionflow.job.source.RawRecord;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Picks one session's chunks out of an audio-topic range and decodes them as the live job does:
 * other keys are skipped, and a chunk the live job dead-lettered (undecodable, wrong rate or
 * channels, non-finite samples, oversize) is left out here too, so its place becomes the same
 * silence.
 */
final class RunChunkDecoder {

  /** A chunk of the session, or why a record of the session was left out. */
  record Decoded(long sequence, float[] samples, boolean endOfStream, String refusal) {}

  private final String sessionId;
  private final byte[] key;
  private final String audioTopic;
  private final ChunkValidator validator;
  private final AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();

  RunChunkDecoder(String sessionId, String audioTopic, double maxChunkSeconds) {
    this.sessionId = sessionId;
    this.key = sessionId.getBytes(StandardCharsets.UTF_8);
    this.audioTopic = audioTopic;
    this.validator = new ChunkValidator(maxChunkSeconds);
  }

  /** Null for another session's record (or another topic's). */
  Decoded decode(RawRecord record) {
    if (!audioTopic.equals(record.topic) || !Arrays.equals(key, record.key)) {
      return null;
    }
    AudioChunk chunk;
    try {
      chunk = codec.decode(record.value);
    } catch (UndecodableRecordException e) {
      return refused("undecodable record: " + e.getMessage());
    }
    if (!sessionId.equals(chunk.getSessionId())) {
      return refused(
          "key '"
              + sessionId
              + "' differs from the record's session id '"
              + chunk.getSessionId()
              + "'");
    }
    ChunkValidator.Result result = validator.validate(chunk);
    if (!result.accepted()) {
      return refused(result.refusal());
    }
    return new Decoded(chunk.getSequence(), result.samples(), chunk.getEndOfStream(), null);
  }

  private static Decoded refused(String reason) {
    return new Decoded(-1, null, false, reason);
  }
}
