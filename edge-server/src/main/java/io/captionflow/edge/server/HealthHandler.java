package io.captionflow.edge.server;

import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers one health probe ({@link EdgeServer#READINESS_PATH} or {@link EdgeServer#LIVENESS_PATH}):
 * 200 when healthy, else 503, with the probe's body; no token, never cached.
 */
final class HealthHandler extends Handler.Abstract.NonBlocking {

  private final Supplier<Health> probe;

  HealthHandler(Supplier<Health> probe) {
    this.probe = probe;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Health health = probe.get();
    response.setStatus(health.healthy() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, health.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    // Dashboards on other origins may poll it; it carries no secrets and no credentials.
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    Content.Sink.write(response, true, health.body(), callback);
    return true;
  }
}
