package io.captionflow.edge.guard;

import io.captionflow.edge.metrics.PrometheusText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of an edge's WebSocket upgrades (requests under {@code pathPrefix}): a client over its
 * connection rate gets HTTP 429 with Retry-After, a page from an origin not allowed gets 403, both
 * before any upgrade. Everything else passes through untouched.
 */
public final class ConnectionGuard extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final String pathPrefix;
  private final TrustedProxies proxies;
  private final AllowedOrigins origins;
  private final ConnectionRateLimiter limiter;
  private final AtomicLong refusedForRate = new AtomicLong();
  private final AtomicLong refusedForOrigin = new AtomicLong();

  public ConnectionGuard(
      ConnectionGuardSettings settings, String pathPrefix, LongSupplier nanoClock) {
    this.pathPrefix = pathPrefix;
    this.proxies = settings.trustedProxies();
    this.origins = settings.allowedOrigins();
    this.limiter =
        settings.limitsRate()
            ? new ConnectionRateLimiter(
                settings.connectRate(),
                settings.connectBurst(),
                ConnectionRateLimiter.DEFAULT_MAX_CLIENTS,
                nanoClock)
            : null;
    LOG.info(
        "{}*: connection rate {}, trusted proxies {}, allowed origins {}",
        pathPrefix,
        limiter == null
            ? "unlimited"
            : settings.connectRate() + "/s per client after a burst of " + settings.connectBurst(),
        proxies.isEmpty() ? "none" : proxies,
        origins);
  }

  /** The WebSocket upgrades it guards are the requests under this path. */
  public String pathPrefix() {
    return pathPrefix;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!Request.getPathInContext(request).startsWith(pathPrefix)) {
      return super.handle(request, response, callback);
    }
    if (limiter != null) {
      InetAddress client =
          proxies.clientAddress(
              peer(request), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
      ConnectionRateLimiter.Admission admission = limiter.admit(ClientAddress.key(client));
      if (!admission.admitted()) {
        refusedForRate.incrementAndGet();
        LOG.debug("refused {}: over its connection rate", client.getHostAddress());
        response.getHeaders().put(HttpHeader.RETRY_AFTER, admission.retryAfterSeconds());
        return refuse(
            response,
            callback,
            HttpStatus.TOO_MANY_REQUESTS_429,
            "too many connections from this address: retry after "
                + admission.retryAfterSeconds()
                + " s");
      }
    }
    Optional<String> refusal = origins.refusal(request.getHeaders().get(HttpHeader.ORIGIN));
    if (refusal.isPresent()) {
      refusedForOrigin.incrementAndGet();
      LOG.debug("refused origin {}", request.getHeaders().get(HttpHeader.ORIGIN));
      return refuse(response, callback, HttpStatus.FORBIDDEN_403, refusal.get());
    }
    return super.handle(request, response, callback);
  }

  /** Refused upgrades by reason, as {@code <prefix>_refused_connections_total{reason=...}}. */
  public void writeMetrics(PrometheusText out, String prefix) {
    String name = prefix + "_refused_connections_total";
    out.type(
            name,
            "WebSocket upgrades refused before opening: rate = over the per-client connection"
                + " rate (429), origin = page origin not allowed (403)",
            "counter")
        .sample(name + "{reason=\"rate\"}", refusedForRate.get())
        .sample(name + "{reason=\"origin\"}", refusedForOrigin.get());
  }

  private static InetAddress peer(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress();
    }
    return InetAddress.getLoopbackAddress(); // a Unix socket: only local processes reach it
  }

  private static boolean refuse(Response response, Callback callback, int status, String reason) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, reason + "\n", callback);
    return true;
  }
}
