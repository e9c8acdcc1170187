package io.captionflow.job.source;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.wire.AudioChunks;
import java.nio.ByteBuffer;

/**
 * Checks an audio chunk against what the job accepts (16 kHz mono PCM16/F32, finite samples,
 * bounded size) and decodes its samples; a refusal names the problem for the dead-letter record.
 */
public final class ChunkValidator {

  /** Samples of an accepted chunk, or the reason it was refused. */
  public record Result(float[] samples, String refusal) {
    public boolean accepted() {
      return refusal == null;
    }
  }

  private final int maxSamples;

  public ChunkValidator(double maxChunkSeconds) {
    this.maxSamples = (int) Math.round(maxChunkSeconds * AudioChunks.SAMPLE_RATE);
  }

  public Result validate(AudioChunk chunk) {
    if (chunk.getSessionId().isEmpty()) {
      return refuse("empty session id");
    }
    if (chunk.getSequence() < 0) {
      return refuse("negative sequence " + chunk.getSequence());
    }
    if (chunk.getSampleRate() != AudioChunks.SAMPLE_RATE) {
      return refuse(
          "sample rate " + chunk.getSampleRate() + ", expected " + AudioChunks.SAMPLE_RATE);
    }
    if (chunk.getChannels() != AudioChunks.CHANNELS) {
      return refuse(chunk.getChannels() + " channels, expected 1 (mono)");
    }
    ByteBuffer pcm = chunk.getPcm();
    byte[] bytes = new byte[pcm.remaining()];
    pcm.duplicate().get(bytes);
    if (chunk.getEncoding() == null) {
      return refuse("unsupported encoding: none given");
    }
    int bytesPerSample =
        switch (chunk.getEncoding()) {
          case PCM16 -> 2;
          case F32 -> 4;
        };
    if (bytes.length % bytesPerSample != 0) {
      return refuse(
          chunk.getEncoding()
              + " data of "
              + bytes.length
              + " bytes is not a whole number of "
              + bytesPerSample
              + "-byte samples"
              + (bytesPerSample == 2 ? " (odd-length PCM16)" : ""));
    }
    if (bytes.length / bytesPerSample > maxSamples) {
      return refuse(
          "oversize chunk: "
              + bytes.length / bytesPerSample
              + " samples, at most "
              + maxSamples
              + " ("
              + maxSamples / (double) AudioChunks.SAMPLE_RATE
              + " s) accepted");
    }
    float[] samples = bytesPerSample == 2 ? PcmCodec.decodePcm16(bytes) : PcmCodec.decodeF32(bytes);
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        return refuse("non-finite sample (" + samples[i] + ") at index " + i);
      }
    }
    return new Result(samples, null);
  }

  private static Result refuse(String reason) {
    return new Result(null, reason);
  }
}
