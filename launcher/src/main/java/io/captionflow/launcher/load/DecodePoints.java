package io.captionflow.launcher.load;

import io.captionflow.job.session.SessionSettings;

/**
 * Where in a session's audio the job runs the decode that first hears a word, from the mode's
 * schedule alone (decode points sit at fixed sample counts, however the audio was chunked), and so
 * which chunk's arrival triggers it: the chunk whose capture starts a word's pipeline tax.
 *
 * <p>Full-window modes decode at every multiple of the interval; the first window to hold a word's
 * first 80 ms frame hears it (as {@code NullRecognizer} and the fixture model do). Chunked mode
 * decodes the chunk holding the word's first frame once its right context has arrived.
 */
public final class DecodePoints {

  static final int FRAME_SAMPLES = 1280;
  static final int CHUNK_SAMPLES = 1600;

  private final long interval;
  private final long rightContext;
  private final boolean chunked;

  public DecodePoints(SessionSettings settings) {
    this.interval = settings.intervalSamples();
    this.rightContext = settings.confirmSamples();
    this.chunked = settings.chunked();
  }

  /**
   * The session sample at which the decode that first hears a word starting at {@code startSample}
   * runs; a session of {@code totalSamples} decodes everything left at its end.
   */
  public long firstHearing(long startSample, long totalSamples) {
    long point;
    if (chunked) {
      point = Math.floorDiv(startSample, interval) * interval + interval + rightContext;
    } else {
      long frameEnd = startSample + FRAME_SAMPLES;
      point = Math.max(interval, ceilDiv(frameEnd, interval) * interval);
    }
    return Math.min(point, totalSamples);
  }

  /** The 0-based chunk whose arrival brings the session's audio to {@code sample}. */
  public static int chunkReaching(long sample) {
    return (int) Math.max(0, ceilDiv(sample, CHUNK_SAMPLES) - 1);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
