package io.captionflow.schema.wire;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import java.nio.ByteBuffer;

/**
 * The audio on the wire: 16 kHz mono chunks, built here for every producer (the bridge, the job's
 * file replay, the launcher's feeders) so they cannot drift apart.
 */
public final class AudioChunks {

  /**
   * Samples per second of every chunk's PCM: the bridge resamples to it, the job accepts only it.
   */
  public static final int SAMPLE_RATE = 16_000;

  /** Channels of every chunk: mono. */
  public static final int CHANNELS = 1;

  private AudioChunks() {}

  /** A chunk of {@code length} samples from {@code offset}, encoded as PCM16. */
  public static AudioChunk pcm16(
      String sessionId,
      long sequence,
      float[] samples,
      int offset,
      int length,
      long captureTimeMillis,
      boolean endOfStream) {
    return pcm16(
        sessionId,
        sequence,
        PcmCodec.encodePcm16(samples, offset, length),
        captureTimeMillis,
        endOfStream);
  }

  /** A chunk of already encoded PCM16 bytes (s16le, mono, 16 kHz). */
  public static AudioChunk pcm16(
      String sessionId, long sequence, byte[] pcm, long captureTimeMillis, boolean endOfStream) {
    if (sequence < 0) {
      throw new IllegalArgumentException(
          "chunk sequence of session " + sessionId + " must be >= 0, got " + sequence);
    }
    if (pcm.length % 2 != 0) {
      throw new IllegalArgumentException(
          "chunk pcm of session "
              + sessionId
              + " must be whole 2-byte PCM16 samples, got "
              + pcm.length
              + " bytes");
    }
    return AudioChunk.newBuilder()
        .setSessionId(sessionId)
        .setSequence(sequence)
        .setSampleRate(SAMPLE_RATE)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(CHANNELS)
        .setPcm(ByteBuffer.wrap(pcm))
        .setCaptureTimeMillis(captureTimeMillis)
        .setEndOfStream(endOfStream)
        .build();
  }

  /** Whole milliseconds of audio in {@code samples} samples at {@link #SAMPLE_RATE}. */
  public static long millis(long samples) {
    return samples * 1000 / SAMPLE_RATE;
  }
}
