package io.captionflow.ingest.source;

import io.captionflow.ingest.chunking.FiniteSamples;
import io.captionflow.ingest.chunking.SessionChunker;
import java.io.IOException;

/**
 * Moves a source's samples into a session, 100 ms at a time, optionally paced to {@code speed} x
 * real time. A full publish buffer blocks the pump, so the source is read no faster than the broker
 * acknowledges. The session ends when the source ends or fails, or delivers a NaN or infinite
 * sample (the audio before it is kept).
 */
public final class SourcePump {

  /** Told how far the pump got, in seconds of source audio. */
  public interface Progress {
    void update(double secondsDone, double secondsTotal);
  }

  private final double speed;
  private final Progress progress;

  /**
   * @param speed playback speed (1 = real time); 0 or less = as fast as the publisher takes it
   */
  public SourcePump(double speed, Progress progress) {
    this.speed = speed;
    this.progress = progress;
  }

  /**
   * Pumps until the source ends, then ends the session. Returns the number of source samples read.
   */
  public long run(AudioSource source, SessionChunker session)
      throws IOException, InterruptedException {
    float[] block = new float[Math.max(1, source.sampleRate() / 10)];
    long read = 0;
    long startNanos = System.nanoTime();
    session.start();
    int n;
    while ((n = readOrEnd(source, block, session)) >= 0) {
      if (n == 0) {
        continue;
      }
      String nonFinite = FiniteSamples.problem(block, n, read, source.sampleRate());
      if (nonFinite != null) {
        session.end();
        throw new IOException(source.description() + ": " + nonFinite);
      }
      session.accept(
          n == block.length ? block.clone() : java.util.Arrays.copyOf(block, n),
          source.sampleRate());
      read += n;
      double seconds = (double) read / source.sampleRate();
      progress.update(seconds, source.durationSeconds());
      if (speed > 0) {
        long dueNanos = startNanos + (long) (seconds / speed * 1e9);
        long sleepNanos = dueNanos - System.nanoTime();
        if (sleepNanos > 0) {
          Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
      }
    }
    session.end();
    return read;
  }

  /**
   * A source that breaks (truncated file, partial sample) still ends its session, keeping what came
   * before.
   */
  private static int readOrEnd(AudioSource source, float[] block, SessionChunker session)
      throws IOException, InterruptedException {
    try {
      return source.read(block);
    } catch (IOException e) {
      session.end();
      throw e;
    }
  }
}
