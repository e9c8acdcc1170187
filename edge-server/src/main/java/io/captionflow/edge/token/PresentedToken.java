package io.captionflow.edge.token;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The token a request to either edge carries: {@code Authorization: Bearer <token>}, or {@code
 * ?token=<token>} for browsers, which cannot set headers on a WebSocket upgrade.
 */
public final class PresentedToken {

  private PresentedToken() {}

  /** The presented token, or null when the request carries none. */
  public static String of(Request request, Fields query) {
    return fromHeaderOrQuery(
        request.getHeaders().get(HttpHeader.AUTHORIZATION), query.getValue("token"));
  }

  /**
   * The bearer token of {@code authorization} when it has one, else {@code queryToken}; null when
   * neither holds a token.
   */
  static String fromHeaderOrQuery(String authorization, String queryToken) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String bearer = authorization.substring(7).strip();
      if (!bearer.isEmpty()) {
        return bearer;
      }
    }
    return queryToken == null || queryToken.isEmpty() ? null : queryToken;
  }
}
