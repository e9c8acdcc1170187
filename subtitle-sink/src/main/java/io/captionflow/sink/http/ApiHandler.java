package io.captionflow.sink.http;

import io.captionflow.edge.token.PresentedToken;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.export.EnhancedJson;
import io.captionflow.sink.export.SubtitleFiles;
import io.captionflow.sink.session.Caption;
import io.captionflow.sink.session.EnhancedSnapshot;
import io.captionflow.sink.session.LiveSession;
import io.captionflow.sink.session.ResumePoint;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.sink.session.SessionSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /api/config}, {@code /api/sessions} and the per-session exports {@code subtitles.vtt},
 * {@code subtitles.srt}, the polling feed {@code live.vtt}, the enhanced transcript {@code
 * enhanced.vtt}, {@code enhanced.srt}, {@code enhanced.json} and the HLS rendition ({@link
 * HlsHandler}).
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {

  private static final String SESSIONS = "/api/sessions/";
  private static final double DEFAULT_LIVE_WINDOW_SECONDS = 30;

  private final SinkConfig config;
  private final AccessPolicy access;
  private final SessionRegistry registry;
  private final SessionAccess sessions;
  private final HlsHandler hls;

  ApiHandler(SinkConfig config, AccessPolicy access, SessionRegistry registry) {
    this.config = config;
    this.access = access;
    this.registry = registry;
    this.sessions = new SessionAccess(access, registry);
    this.hls = new HlsHandler(access, registry, config.hls(), System::currentTimeMillis);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      Responses.error(response, callback, 405, "only GET is supported");
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    String token = PresentedToken.of(request, query);
    try {
      route(path, query, token, request, response, callback);
    } catch (IllegalArgumentException e) {
      Responses.error(response, callback, 400, e.getMessage());
    }
    return true;
  }

  private void route(
      String path,
      Fields query,
      String token,
      Request request,
      Response response,
      Callback callback) {
    if (path.equals("/api/config")) {
      Responses.json(response, callback, 200, displayConfig(request));
    } else if (path.equals("/api/sessions")) {
      listSessions(response, callback, token);
    } else if (path.startsWith(SESSIONS) && path.endsWith("/subtitles.vtt")) {
      export(
          path,
          "/subtitles.vtt",
          token,
          response,
          callback,
          "text/vtt; charset=utf-8",
          captions -> SubtitleFiles.webVtt(captions));
    } else if (path.startsWith(SESSIONS) && path.endsWith("/subtitles.srt")) {
      export(
          path,
          "/subtitles.srt",
          token,
          response,
          callback,
          "application/x-subrip; charset=utf-8",
          captions -> SubtitleFiles.srt(captions));
    } else if (path.startsWith(SESSIONS) && path.endsWith("/live.vtt")) {
      export(
          path,
          "/live.vtt",
          token,
          response,
          callback,
          "text/vtt; charset=utf-8",
          captions -> SubtitleFiles.webVtt(liveWindow(captions, query)));
    } else if (path.startsWith(SESSIONS) && path.endsWith("/enhanced.vtt")) {
      enhancedExport(
          path,
          "/enhanced.vtt",
          token,
          response,
          callback,
          "text/vtt; charset=utf-8",
          e -> SubtitleFiles.webVtt(e.segments()));
    } else if (path.startsWith(SESSIONS) && path.endsWith("/enhanced.srt")) {
      enhancedExport(
          path,
          "/enhanced.srt",
          token,
          response,
          callback,
          "application/x-subrip; charset=utf-8",
          e -> SubtitleFiles.srt(e.segments()));
    } else if (path.startsWith(SESSIONS) && path.endsWith("/enhanced.json")) {
      enhancedExport(
          path,
          "/enhanced.json",
          token,
          response,
          callback,
          "application/json; charset=utf-8",
          EnhancedJson::render);
    } else if (HlsHandler.handles(path)) {
      hls.handle(path, query, token, response, callback);
    } else {
      Responses.error(response, callback, 404, "no such API: " + path);
    }
  }

  private Map<String, Object> displayConfig(Request request) {
    Map<String, Object> c = new LinkedHashMap<>();
    String scheme = request.isSecure() ? "wss" : "ws";
    c.put("webSocketPath", "/ws/sessions/{sessionId}");
    c.put(
        "webSocketUrl",
        scheme + "://" + request.getHttpURI().getAuthority() + "/ws/sessions/{sessionId}");
    c.put("speakerColours", config.speakerColours());
    c.put("historySize", config.historySize());
    c.put("sendQueueLimit", config.sendQueueLimit());
    c.put("pingIntervalSeconds", config.pingInterval().toSeconds());
    c.put("partialsDefault", false);
    c.put("tokenRequired", !config.openAccess());
    return c;
  }

  private void listSessions(Response response, Callback callback, String token) {
    List<SessionSummary> all = registry.summaries();
    if (access.maySeeAll(token)) {
      Responses.json(response, callback, 200, Map.of("sessions", all));
      return;
    }
    List<SessionSummary> visible =
        all.stream().filter(s -> access.maySubscribe(s.sessionId(), token)).toList();
    if (visible.isEmpty() && (token == null || token.isEmpty())) {
      Responses.error(response, callback, 401, AccessPolicy.refusal(token));
      return;
    }
    Responses.json(response, callback, 200, Map.of("sessions", visible));
  }

  private void export(
      String path,
      String suffix,
      String token,
      Response response,
      Callback callback,
      String contentType,
      Function<List<Caption>, String> render) {
    String sessionId = SessionPaths.sessionId(path, SESSIONS, suffix);
    if (sessionId == null) {
      Responses.error(response, callback, 404, "expected /api/sessions/{sessionId}" + suffix);
      return;
    }
    Optional<LiveSession> session = sessions.find(sessionId, token, response, callback);
    if (session.isEmpty()) {
      return;
    }
    List<Caption> captions = session.get().confirmed();
    Caption newest = captions.isEmpty() ? null : captions.get(captions.size() - 1);
    response
        .getHeaders()
        .put(
            "X-Captionflow-Last-Sequence",
            newest == null ? "-1" : Long.toString(newest.sequence()));
    if (newest != null) {
      response.getHeaders().put("X-Captionflow-Cursor", newest.cursor().toString());
    }
    Responses.text(response, callback, 200, contentType, render.apply(captions));
  }

  /**
   * The current run's enhanced transcript once complete (the ENHANCED status arrived); 404 saying
   * whether none exists yet or it is still arriving, as for an unknown session (the same access
   * rules as the live exports).
   */
  private void enhancedExport(
      String path,
      String suffix,
      String token,
      Response response,
      Callback callback,
      String contentType,
      Function<EnhancedSnapshot, String> render) {
    String sessionId = SessionPaths.sessionId(path, SESSIONS, suffix);
    if (sessionId == null) {
      Responses.error(response, callback, 404, "expected /api/sessions/{sessionId}" + suffix);
      return;
    }
    Optional<LiveSession> session = sessions.find(sessionId, token, response, callback);
    if (session.isEmpty()) {
      return;
    }
    EnhancedSnapshot enhanced = session.get().enhanced();
    String run = enhanced.run() == null ? "" : " run " + enhanced.run();
    switch (enhanced.status()) {
      case NONE ->
          notEnhanced(
              response,
              callback,
              enhanced,
              "not enhanced yet: session " + sessionId + run + " has no enhanced transcript");
      case IN_PROGRESS ->
          notEnhanced(
              response,
              callback,
              enhanced,
              "enhancement in progress: session "
                  + sessionId
                  + run
                  + " has "
                  + enhanced.segments().size()
                  + " enhanced segments so far; its ENHANCED status has not arrived");
      case COMPLETE -> Responses.text(response, callback, 200, contentType, render.apply(enhanced));
    }
  }

  private static void notEnhanced(
      Response response, Callback callback, EnhancedSnapshot enhanced, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", 404);
    body.put("enhancement", enhanced.status().name());
    Responses.json(response, callback, 404, body);
  }

  /**
   * The live feed: captions after {@code ?after=<cursor>} (or a deprecated sequence number), or
   * ending after {@code ?since=<seconds>}, or by default those ending within the last {@code
   * ?window=} seconds (30) of the newest caption.
   */
  private static List<Caption> liveWindow(List<Caption> captions, Fields query) {
    if (captions.isEmpty()) {
      return captions;
    }
    String after = query.getValue("after");
    if (after != null) {
      ResumePoint from = ResumePoint.parse(after);
      return captions.stream().filter(from::wants).toList();
    }
    String since = query.getValue("since");
    double from;
    if (since != null) {
      from = parseDouble("since", since);
    } else {
      String windowText = query.getValue("window");
      double window =
          windowText != null ? parseDouble("window", windowText) : DEFAULT_LIVE_WINDOW_SECONDS;
      from = captions.get(captions.size() - 1).endSeconds() - window;
    }
    return captions.stream().filter(c -> c.endSeconds() > from).toList();
  }

  private static double parseDouble(String name, String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number of seconds, got '" + text + "'");
    }
  }
}
