package io.captionflow.job.enhance;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.wire.AudioChunks;
import java.util.List;

/**
 * A run's whole recording as the live job heard it: chunks in sequence order, missing ones as
 * silence of their predecessor's length, the samples as the chunks carried them (the job's diarizer
 * hears these; its recognizer hears them rounded to 16 bits, {@link #roundToPcm16}).
 *
 * @param samples 16 kHz mono, session time from sample 0
 * @param chunks chunks that went into it (duplicates and chunks after the end excluded)
 * @param gapsFilled missing stretches replaced by silence
 * @param gapChunks chunks those stretches stood for
 * @param endOfStream the run ended with its end-of-stream chunk (else it was cut off, or expired)
 */
public record RunAudio(
    float[] samples, long chunks, int gapsFilled, long gapChunks, boolean endOfStream) {

  public static final int SAMPLE_RATE = AudioChunks.SAMPLE_RATE;

  public double seconds() {
    return samples.length / (double) SAMPLE_RATE;
  }

  /**
   * Rounds every sample to 16 bits in place, as the live job's ring holds them and {@code replay
   * --to-file} exports them: the audio the live recognizer decoded.
   */
  public void roundToPcm16() {
    for (int i = 0; i < samples.length; i++) {
      samples[i] = PcmCodec.toPcm16(samples[i]) / 32768f;
    }
  }

  /** One line for progress and the ENHANCED status. */
  public String describe() {
    String gaps =
        gapsFilled == 0
            ? "no gap"
            : gapsFilled
                + (gapsFilled == 1 ? " gap" : " gaps")
                + " ("
                + gapChunks
                + (gapChunks == 1 ? " chunk)" : " chunks)");
    return String.format(
        java.util.Locale.ROOT,
        "%.2f s of audio from %d chunks, %s filled with silence%s",
        seconds(),
        chunks,
        gaps,
        endOfStream ? "" : ", no end-of-stream chunk");
  }

  static RunAudio of(float[] samples, long chunks, List<Long> gapChunkCounts, boolean endOfStream) {
    return new RunAudio(
        samples,
        chunks,
        gapChunkCounts.size(),
        gapChunkCounts.stream().mapToLong(Long::longValue).sum(),
        endOfStream);
  }
}
