package io.captionflow.sink.http;

import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.hls.HlsRendition;
import io.captionflow.sink.hls.HlsSettings;
import io.captionflow.sink.hls.HlsWindow;
import io.captionflow.sink.session.LiveSession;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.sink.session.SubtitleTimeline;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The HLS WebVTT rendition of a session: {@code /api/sessions/{id}/subtitles.m3u8} and its segments
 * {@code /api/sessions/{id}/hls/{run}/{n}.vtt}; same token rules as the other exports.
 */
final class HlsHandler {

  private static final Pattern PLAYLIST = Pattern.compile("/api/sessions/([^/]+)/subtitles\\.m3u8");
  private static final Pattern SEGMENT =
      Pattern.compile("/api/sessions/([^/]+)/hls/(\\d{1,18})/(\\d{1,18})\\.vtt");

  private final SessionAccess sessions;
  private final HlsSettings settings;
  private final LongSupplier clock;

  HlsHandler(
      AccessPolicy access, SessionRegistry registry, HlsSettings settings, LongSupplier clock) {
    this.sessions = new SessionAccess(access, registry);
    this.settings = settings;
    this.clock = clock;
  }

  static boolean handles(String path) {
    return PLAYLIST.matcher(path).matches() || SEGMENT.matcher(path).matches();
  }

  void handle(String path, Fields query, String token, Response response, Callback callback) {
    Matcher playlist = PLAYLIST.matcher(path);
    Matcher segment = SEGMENT.matcher(path);
    String sessionId =
        playlist.matches() ? playlist.group(1) : segment.matches() ? segment.group(1) : null;
    if (sessionId == null) {
      Responses.error(response, callback, 404, "no such HLS path: " + path);
      return;
    }
    Optional<LiveSession> session = sessions.find(sessionId, token, response, callback);
    if (session.isEmpty()) {
      return;
    }
    SubtitleTimeline timeline = session.get().timeline();
    HlsWindow window = HlsWindow.of(timeline, settings, clock.getAsLong());
    if (playlist.matches()) {
      String queryToken = query.getValue("token");
      String segmentQuery =
          queryToken == null
              ? ""
              : "?token=" + URLEncoder.encode(queryToken, StandardCharsets.UTF_8);
      Responses.text(
          response,
          callback,
          200,
          "application/vnd.apple.mpegurl",
          HlsRendition.playlist(window, timeline, settings, segmentQuery));
      return;
    }
    long run = Long.parseLong(segment.group(2));
    long n = Long.parseLong(segment.group(3));
    if (run != timeline.run()) {
      Responses.error(
          response,
          callback,
          404,
          "run " + run + " is not the current run (" + timeline.run() + ") of " + sessionId);
    } else if (!window.isPublished(n)) {
      Responses.error(
          response,
          callback,
          404,
          "segment "
              + n
              + " of "
              + sessionId
              + " is not published yet (published: "
              + window.published()
              + ")");
    } else {
      Responses.text(
          response,
          callback,
          200,
          "text/vtt; charset=utf-8",
          HlsRendition.segment(window, timeline, settings, n));
    }
  }
}
