package io.captionflow.ingest.websocket;

import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Plain HTTP beside the WebSocket ingest. {@code GET /health} is readiness: {@code ok}, or 503 with
 * a one-line reason while the publisher has failed or its buffer is near its bound (send new
 * publishers elsewhere). {@code GET /health/live} is liveness: {@code ok} through a Kafka outage (a
 * restart would drop the records still buffered), 503 once the publisher has failed for good, since
 * only a restart brings it back. Any other path: 404.
 */
final class HealthHandler extends Handler.Abstract.NonBlocking {

  static final String READINESS_PATH = "/health";
  static final String LIVENESS_PATH = "/health/live";

  private final Supplier<Optional<String>> notReadyReason;
  private final Supplier<Optional<String>> deadReason;

  HealthHandler(Supplier<Optional<String>> notReadyReason, Supplier<Optional<String>> deadReason) {
    this.notReadyReason = notReadyReason;
    this.deadReason = deadReason;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (path.equals(LIVENESS_PATH)) {
      return answerHealth(response, callback, deadReason.get());
    }
    if (path.equals(READINESS_PATH)) {
      return answerHealth(response, callback, notReadyReason.get());
    }
    return answer(response, callback, HttpStatus.NOT_FOUND_404, "not found");
  }

  private static boolean answerHealth(
      Response response, Callback callback, Optional<String> problem) {
    return problem.isEmpty()
        ? answer(response, callback, HttpStatus.OK_200, "ok")
        : answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, problem.get());
  }

  private static boolean answer(Response response, Callback callback, int status, String line) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, line + "\n", callback);
    return true;
  }
}
