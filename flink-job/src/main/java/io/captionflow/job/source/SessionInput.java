package io.captionflow.job.source;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.SessionEvent;
import java.nio.ByteBuffer;

/**
 * A decoded, validated input for one session: exactly one of {@code chunk} and {@code event} is
 * set; a chunk comes with its validated samples.
 */
public class SessionInput {
  public String sessionId;
  public AudioChunk chunk;

  /** The chunk's PCM as decoded once by the validator; the chunk itself travels without it. */
  public float[] samples;

  public SessionEvent event;

  /** Where it came from, for a dead letter raised later (e.g. a chunk for an ended session). */
  public String topic;

  public int partition;
  public long offset;

  public SessionInput() {}

  public static SessionInput of(AudioChunk chunk, float[] samples, RawRecord from) {
    SessionInput in = new SessionInput();
    in.sessionId = chunk.getSessionId();
    // the PCM crosses the shuffle once, as samples; a dead letter encodes it again (exact)
    chunk.setPcm(ByteBuffer.allocate(0));
    in.chunk = chunk;
    in.samples = samples;
    in.locate(from);
    return in;
  }

  public static SessionInput of(SessionEvent event, RawRecord from) {
    SessionInput in = new SessionInput();
    in.sessionId = event.getSessionId();
    in.event = event;
    in.locate(from);
    return in;
  }

  /** The chunk as it was received, its PCM encoded again from the samples. */
  public AudioChunk receivedChunk() {
    byte[] pcm =
        chunk.getEncoding() == AudioEncoding.F32
            ? PcmCodec.encodeF32(samples)
            : PcmCodec.encodePcm16(samples);
    return AudioChunk.newBuilder(chunk).setPcm(ByteBuffer.wrap(pcm)).build();
  }

  private void locate(RawRecord from) {
    topic = from.topic;
    partition = from.partition;
    offset = from.offset;
  }
}
