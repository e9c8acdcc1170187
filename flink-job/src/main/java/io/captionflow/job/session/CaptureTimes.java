package io.captionflow.job.session;

import java.util.ArrayDeque;
import java.util.List;

/**
 * When the session's audio was captured: for each chunk, the session sample its audio ends at and
 * its capture time (epoch ms), so an output can say how long ago its words were spoken.
 */
final class CaptureTimes {

  private final ArrayDeque<long[]> ends = new ArrayDeque<>();

  /** The audio up to {@code endSample} was captured at {@code captureTimeMillis}. */
  void add(long endSample, long captureTimeMillis) {
    ends.addLast(new long[] {endSample, captureTimeMillis});
  }

  /**
   * Silence standing in for lost audio, up to {@code endSample}: captured with the audio before.
   */
  void extendOverSilence(long endSample) {
    if (!ends.isEmpty()) {
      add(endSample, ends.peekLast()[1]);
    }
  }

  /** Forgets chunks ending before {@code sample}, keeping at least the latest. */
  void forgetBefore(long sample) {
    while (ends.size() > 1 && ends.peekFirst()[0] < sample) {
      ends.pollFirst();
    }
  }

  /**
   * When the chunk holding {@code endSeconds} was captured; a token may end after the audio its
   * decode saw ({@code nowSeconds}), and audio that arrived since must not answer for it.
   */
  Long at(double endSeconds, double nowSeconds) {
    long sample = Math.round(Math.min(endSeconds, nowSeconds) * AudioRing.SAMPLE_RATE);
    for (long[] entry : ends) {
      if (entry[0] >= sample) {
        return entry[1];
      }
    }
    return ends.isEmpty() ? null : ends.peekLast()[1];
  }

  /** Each chunk as {end sample, capture time}, oldest first (for the state codec). */
  List<long[]> entries() {
    return List.copyOf(ends);
  }
}
