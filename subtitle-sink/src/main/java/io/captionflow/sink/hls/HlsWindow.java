package io.captionflow.sink.hls;

import io.captionflow.sink.session.Caption;
import io.captionflow.sink.session.SubtitleTimeline;
import java.util.List;

/**
 * Which WebVTT segments of a session's run are published: segment {@code n} covers audio time
 * {@code [n*D, (n+1)*D)} and is published once every cue that can fall in it is final, so a
 * published segment never changes. Live, the window lists the newest {@code windowSegments} of
 * them; once the run is over every segment through its end is published, the last one shorter.
 *
 * @param run the session run the segments belong to
 * @param published how many segments (0..published-1) are published
 * @param first the first segment listed in the sliding window
 * @param over the run is over: the playlist ends (ENDLIST)
 * @param endSeconds the run's end in audio time (the last segment's end) when over, else the end of
 *     the newest published segment
 * @param segmentSeconds the segment duration D
 */
public record HlsWindow(
    long run, long published, long first, boolean over, double endSeconds, int segmentSeconds) {

  /**
   * Confirmed words are never revised and come in audio order, so everything before the last
   * confirmed word's end is final; a recovered job may move a word 2 frames (0.16 s) earlier.
   */
  static final double RECOVERY_GUARD_SECONDS = 0.16;

  /** The window of {@code timeline} at wall-clock time {@code nowMillis}. */
  public static HlsWindow of(SubtitleTimeline timeline, HlsSettings settings, long nowMillis) {
    int d = settings.segmentSeconds();
    long published;
    double end;
    if (timeline.over()) {
      long endMillis = Math.round(runEndSeconds(timeline) * 1000);
      published = (endMillis + d * 1000L - 1) / (d * 1000L);
      end = endMillis / 1000.0;
    } else {
      double finalThrough = finalThroughSeconds(timeline, settings, nowMillis);
      published = finalThrough <= 0 ? 0 : (long) Math.floor(finalThrough / d);
      end = published * (double) d;
    }
    long first = Math.max(0, published - settings.windowSegments());
    return new HlsWindow(timeline.run(), published, first, timeline.over(), end, d);
  }

  /**
   * Audio time through which every cue is final while the run goes on: the end of the last
   * confirmed word (less the recovery guard), or, in a pause where nothing arrived for {@code
   * settle}, the pause's estimated audio time now less {@code settle}.
   */
  static double finalThroughSeconds(
      SubtitleTimeline timeline, HlsSettings settings, long nowMillis) {
    double through =
        timeline.confirmedThroughSeconds() == null
            ? 0
            : timeline.confirmedThroughSeconds() - RECOVERY_GUARD_SECONDS;
    long settleMillis = settings.settle().toMillis();
    if (timeline.silentSinceSeconds() != null
        && nowMillis - timeline.lastEventMillis() >= settleMillis) {
      double pausedFor = (nowMillis - timeline.silentSinceMillis() - settleMillis) / 1000.0;
      through = Math.max(through, timeline.silentSinceSeconds() + pausedFor);
    }
    return through;
  }

  private static double runEndSeconds(SubtitleTimeline timeline) {
    double end = timeline.endSeconds() == null ? 0 : timeline.endSeconds();
    List<Caption> confirmed = timeline.confirmed();
    if (!confirmed.isEmpty()) {
      end = Math.max(end, confirmed.get(confirmed.size() - 1).endSeconds());
    }
    return Math.max(0, end);
  }

  public boolean isPublished(long segment) {
    return segment >= 0 && segment < published;
  }

  public double startSeconds(long segment) {
    return segment * (double) segmentSeconds;
  }

  /** D, or for the last segment of an ended run what is left of it. */
  public double endSeconds(long segment) {
    return over && segment == published - 1 ? endSeconds : startSeconds(segment) + segmentSeconds;
  }
}
