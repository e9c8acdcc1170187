package io.captionflow.sink.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The subscribe token a request carries: {@code Authorization: Bearer <token>} or {@code
 * ?token=<token>}.
 */
final class PresentedToken {

  private PresentedToken() {}

  static String of(Request request, Fields query) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return query.getValue("token");
  }
}
