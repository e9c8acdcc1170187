package io.captionflow.sink.hls;

import io.captionflow.sink.export.CueTime;
import io.captionflow.sink.export.SubtitleFiles;
import io.captionflow.sink.session.Caption;
import io.captionflow.sink.session.SubtitleTimeline;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The text of a session's HLS WebVTT rendition: the media playlist and its segments. Segment URIs
 * are relative to the playlist ({@code hls/<run>/<n>.vtt}), so they name the run whose audio time
 * they cut.
 */
public final class HlsRendition {

  private static final DateTimeFormatter PROGRAM_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private HlsRendition() {}

  /**
   * The media playlist; {@code segmentQuery} ("" or "?token=…") is appended to every segment URI,
   * since a relative URI does not inherit the playlist's query.
   */
  public static String playlist(
      HlsWindow window, SubtitleTimeline timeline, HlsSettings settings, String segmentQuery) {
    StringBuilder out =
        new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n")
            .append("#EXT-X-TARGETDURATION:")
            .append(settings.segmentSeconds())
            .append('\n')
            .append("#EXT-X-MEDIA-SEQUENCE:")
            .append(window.first())
            .append('\n');
    for (long n = window.first(); n < window.published(); n++) {
      if (settings.programDateTime() && timeline.clock() != null) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:")
            .append(
                PROGRAM_DATE_TIME.format(
                    Instant.ofEpochMilli(timeline.clock().wallMillisAt(window.startSeconds(n)))))
            .append('\n');
      }
      out.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", duration(window, n)))
          .append("hls/")
          .append(window.run())
          .append('/')
          .append(n)
          .append(".vtt")
          .append(segmentQuery)
          .append('\n');
    }
    if (window.over()) {
      out.append("#EXT-X-ENDLIST\n");
    }
    return out.toString();
  }

  /**
   * Segment {@code n}: every confirmed cue shown during it (a cue spanning two segments is in both,
   * as HLS asks), with the {@code X-TIMESTAMP-MAP} that places session audio time 0 at the
   * configured MPEG-TS time.
   */
  public static String segment(
      HlsWindow window, SubtitleTimeline timeline, HlsSettings settings, long n) {
    if (!window.isPublished(n)) {
      throw new IllegalArgumentException(
          "segment " + n + " is not published (0.." + (window.published() - 1) + ")");
    }
    double from = window.startSeconds(n);
    double to = window.endSeconds(n);
    boolean last = window.over() && n == window.published() - 1;
    List<Caption> shown =
        timeline.confirmed().stream()
            .filter(c -> c.endSeconds() > from || c.startSeconds() >= from)
            .filter(c -> c.startSeconds() < to || (last && c.startSeconds() <= to))
            .toList();
    String timestampMap =
        "X-TIMESTAMP-MAP=MPEGTS:" + settings.mpegtsTicks() + ",LOCAL:" + CueTime.vtt(0);
    return SubtitleFiles.webVtt(shown, timestampMap);
  }

  private static double duration(HlsWindow window, long n) {
    return window.endSeconds(n) - window.startSeconds(n);
  }
}
