package io.captionflow.ingest.source;

import java.io.IOException;

/**
 * Mono audio samples arriving from somewhere (a pipe, a file, a decoder process), read block by
 * block.
 */
public interface AudioSource extends AutoCloseable {

  /** Samples per second of what {@link #read} returns. */
  int sampleRate();

  /** Reads up to {@code dst.length} samples; returns how many, or -1 at the end. */
  int read(float[] dst) throws IOException;

  /** Total duration in seconds when known (files), otherwise NaN. */
  double durationSeconds();

  /** For the session's START event and log lines, e.g. "stdin" or "file:talk.wav". */
  String description();

  @Override
  void close() throws IOException;
}
