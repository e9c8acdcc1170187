package io.captionflow.ingest.chunking;

import io.captionflow.ingest.SessionId;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.wire.AudioChunks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Cuts one session's 16 kHz mono samples into fixed-length PCM16 {@link AudioChunk}s numbered from
 * {@code firstSequence}; {@link #finish()} returns the end-of-stream chunk holding whatever is left
 * (maybe nothing).
 */
public final class Chunker {

  private final String sessionId;
  private final int chunkSamples;
  private final LongSupplier clock;
  private final float[] pending;
  private int pendingLength;
  private long nextSequence;
  private boolean finished;

  public Chunker(String sessionId, int chunkMillis, long firstSequence, LongSupplier clock) {
    this.sessionId = SessionId.require(sessionId);
    if (chunkMillis <= 0 || AudioChunks.SAMPLE_RATE * (long) chunkMillis % 1000 != 0) {
      throw new IllegalArgumentException(
          "chunk duration must be a positive whole number of ms, got " + chunkMillis);
    }
    this.chunkSamples = AudioChunks.SAMPLE_RATE / 1000 * chunkMillis;
    this.clock = clock;
    this.pending = new float[chunkSamples];
    this.nextSequence = firstSequence;
  }

  /** Adds samples; returns the chunks that became full, in order. */
  public List<AudioChunk> add(float[] samples) {
    if (finished) {
      throw new IllegalStateException("session " + sessionId + " already ended");
    }
    List<AudioChunk> out = new ArrayList<>(samples.length / chunkSamples + 1);
    int pos = 0;
    while (pos < samples.length) {
      int n = Math.min(chunkSamples - pendingLength, samples.length - pos);
      System.arraycopy(samples, pos, pending, pendingLength, n);
      pendingLength += n;
      pos += n;
      if (pendingLength == chunkSamples) {
        out.add(emit(false));
      }
    }
    return out;
  }

  /**
   * The end-of-stream chunk with the remaining samples (possibly none); the chunker accepts nothing
   * after.
   */
  public AudioChunk finish() {
    if (finished) {
      throw new IllegalStateException("session " + sessionId + " already ended");
    }
    finished = true;
    return emit(true);
  }

  /** Sequence number the next chunk will carry. */
  public long nextSequence() {
    return nextSequence;
  }

  public int chunkSamples() {
    return chunkSamples;
  }

  private AudioChunk emit(boolean endOfStream) {
    AudioChunk chunk =
        AudioChunks.pcm16(
            sessionId, nextSequence++, pending, 0, pendingLength, clock.getAsLong(), endOfStream);
    pendingLength = 0;
    return chunk;
  }
}
