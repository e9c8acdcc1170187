package io.captionflow.launcher;

import io.captionflow.ingest.source.AudioSource;

/** Audio already in memory (synthesised fixture speech) read like a file by the bridge. */
final class SamplesSource implements AudioSource {

  private final float[] samples;
  private final int sampleRate;
  private final String description;
  private int position;

  SamplesSource(float[] samples, int sampleRate, String description) {
    this.samples = samples;
    this.sampleRate = sampleRate;
    this.description = description;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int read(float[] dst) {
    if (position >= samples.length) {
      return -1;
    }
    int n = Math.min(dst.length, samples.length - position);
    System.arraycopy(samples, position, dst, 0, n);
    position += n;
    return n;
  }

  @Override
  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    // nothing held
  }
}
