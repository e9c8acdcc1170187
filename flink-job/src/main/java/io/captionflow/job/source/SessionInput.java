package io.captionflow.job.source;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;

/**
 * A decoded, validated input for one session: exactly one of {@code chunk} and {@code event} is
 * set; a chunk comes with its validated samples.
 */
public class SessionInput {
  public String sessionId;
  public AudioChunk chunk;

  /**
   * The chunk's PCM as decoded once by the validator (the chunk keeps its bytes for dead letters).
   */
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

  private void locate(RawRecord from) {
    topic = from.topic;
    partition = from.partition;
    offset = from.offset;
  }
}
