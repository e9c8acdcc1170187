package io.captionflow.sink.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The display page: three static files from the classpath, no build step. {@code /} and {@code
 * /display} are the page.
 */
final class DisplayPageHandler extends Handler.Abstract.NonBlocking {

  private static final String ROOT = "/io/captionflow/sink/display/";
  private static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {"index.html", "text/html; charset=utf-8"},
          "/display", new String[] {"index.html", "text/html; charset=utf-8"},
          "/display.css", new String[] {"display.css", "text/css; charset=utf-8"},
          "/display.js", new String[] {"display.js", "text/javascript; charset=utf-8"});

  private final Map<String, String> contents;

  DisplayPageHandler() {
    this.contents =
        Map.of(
            "index.html",
            load("index.html"),
            "display.css",
            load("display.css"),
            "display.js",
            load("display.js"));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String[] file = FILES.get(request.getHttpURI().getDecodedPath());
    if (file == null) {
      Responses.error(
          response, callback, 404, "not found: " + request.getHttpURI().getDecodedPath());
      return true;
    }
    Responses.text(response, callback, 200, file[1], contents.get(file[0]));
    return true;
  }

  private static String load(String name) {
    try (InputStream in = DisplayPageHandler.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "display page resource missing from the classpath: " + ROOT + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
