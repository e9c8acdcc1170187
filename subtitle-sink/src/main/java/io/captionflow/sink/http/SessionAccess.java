package io.captionflow.sink.http;

import io.captionflow.sink.access.AccessPolicy;
import io.captionflow.sink.session.LiveSession;
import io.captionflow.sink.session.SessionRegistry;
import java.util.Optional;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The session an HTTP request names, for a token that may see it. */
record SessionAccess(AccessPolicy access, SessionRegistry registry) {

  /** The session, or empty once the 401 (token) or 404 (unknown session) answer is sent. */
  Optional<LiveSession> find(String sessionId, String token, Response response, Callback callback) {
    if (!access.maySubscribe(sessionId, token)) {
      Responses.error(response, callback, 401, AccessPolicy.refusal(token));
      return Optional.empty();
    }
    Optional<LiveSession> session = registry.find(sessionId);
    if (session.isEmpty()) {
      Responses.error(response, callback, 404, "unknown session: " + sessionId);
    }
    return session;
  }
}
