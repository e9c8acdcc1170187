package io.captionflow.sink.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.captionflow.sink.session.WireMessages;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing small complete responses: JSON, text files, JSON errors. */
final class Responses {

  private Responses() {}

  static void json(Response response, Callback callback, int status, Object body) {
    try {
      text(
          response,
          callback,
          status,
          "application/json; charset=utf-8",
          WireMessages.JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      callback.failed(e);
    }
  }

  static void text(
      Response response, Callback callback, int status, String contentType, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    // Players and dashboards on other origins may poll the API; tokens travel in the URL or header,
    // never cookies.
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    Content.Sink.write(response, true, body, callback);
  }

  static void error(Response response, Callback callback, int status, String message) {
    if (status == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"captionflow\"");
    }
    json(response, callback, status, Map.of("error", message, "status", status));
  }
}
