package io.captionflow.sink.session;

import java.util.List;

/**
 * One consistent view of a session's current run in audio time, for renditions cut by time (HLS):
 * what is confirmed, how far, whether the run is over, and where it is silent.
 *
 * @param run the current run, -1 before the session's first event
 * @param over the run ended, expired or was refused: nothing more will come
 * @param endSeconds audio time of the run's end (null while it runs)
 * @param confirmed the run's retained confirmed captions, oldest first
 * @param confirmedThroughSeconds end of the last confirmed word (null before the first)
 * @param silentSinceSeconds audio time the current pause began (speech end, or the run's start
 *     before any speech); null while someone speaks or before the run started
 * @param silentSinceMillis when that pause's event was written (record timestamp)
 * @param lastEventMillis when the session's newest event was written
 * @param clock maps audio time to capture wall-clock time (null until a caption carried one)
 */
public record SubtitleTimeline(
    long run,
    boolean over,
    Double endSeconds,
    List<Caption> confirmed,
    Double confirmedThroughSeconds,
    Double silentSinceSeconds,
    Long silentSinceMillis,
    long lastEventMillis,
    CaptureClock clock) {

  public SubtitleTimeline {
    confirmed = List.copyOf(confirmed);
  }

  /**
   * Audio time pinned to the capture wall clock by the run's first caption that carried a capture
   * time: its end was captured at {@code captureMillis}.
   */
  public record CaptureClock(double audioSeconds, long captureMillis) {

    /** Wall-clock epoch ms at which audio time {@code seconds} was captured. */
    public long wallMillisAt(double seconds) {
      return captureMillis + Math.round((seconds - audioSeconds) * 1000);
    }
  }
}
