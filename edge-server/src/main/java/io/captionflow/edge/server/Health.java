package io.captionflow.edge.server;

import java.util.Optional;

/**
 * One answer of a health probe: healthy (HTTP 200) or not (503), and a body saying why.
 *
 * @param contentType the body's media type
 */
public record Health(boolean healthy, String contentType, String body) {

  /** {@code ok}, or the problem, as one line of plain text. */
  public static Health text(Optional<String> problem) {
    return new Health(problem.isEmpty(), "text/plain; charset=utf-8", problem.orElse("ok") + "\n");
  }

  /** A JSON document the caller has written. */
  public static Health json(boolean healthy, String json) {
    return new Health(healthy, "application/json; charset=utf-8", json);
  }
}
