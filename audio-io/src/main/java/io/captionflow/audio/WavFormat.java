package io.captionflow.audio;

/**
 * What a WAV file's {@code fmt } chunk says about its samples.
 *
 * @param encoding how each sample is stored
 * @param sampleRate frames per second
 * @param channels interleaved channels per frame (downmixed to mono when read)
 * @param bitsPerSample container bits per sample (8, 16, 24, 32 or 64)
 */
public record WavFormat(Encoding encoding, int sampleRate, int channels, int bitsPerSample) {

  /** Sample encodings this reader decodes. */
  public enum Encoding {
    PCM_UNSIGNED_8,
    PCM_SIGNED,
    IEEE_FLOAT
  }

  /** Bytes per interleaved frame (all channels). */
  public int frameBytes() {
    return channels * (bitsPerSample / 8);
  }
}
