package io.captionflow.ingest.source.websocket;

import java.nio.charset.StandardCharsets;
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
 * Plain HTTP beside the WebSocket ingest. {@code GET /health} is readiness: {@code ok}, or 503 with a one-line reason
 * while the publisher has failed or its buffer is near its bound (send new publishers elsewhere).
 * {@code GET /health/live} is liveness: {@code ok} while the server answers, so a Kafka outage restarts nothing
 * (a restart would drop the records still buffered). Any other path: 404.
 */
final class HealthHandler extends Handler.Abstract.NonBlocking {

    static final String READINESS_PATH = "/health";
    static final String LIVENESS_PATH = "/health/live";

    private final Supplier<Optional<String>> notReadyReason;

    HealthHandler(Supplier<Optional<String>> notReadyReason) {
        this.notReadyReason = notReadyReason;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.equals(LIVENESS_PATH)) {
            return answer(response, callback, HttpStatus.OK_200, "ok");
        }
        if (path.equals(READINESS_PATH)) {
            Optional<String> reason = notReadyReason.get();
            return reason.isEmpty() ? answer(response, callback, HttpStatus.OK_200, "ok")
                    : answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, reason.get());
        }
        return answer(response, callback, HttpStatus.NOT_FOUND_404, "not found");
    }

    private static boolean answer(Response response, Callback callback, int status, String line) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, line + "\n", callback);
        return true;
    }
}
