package io.captionflow.sink.http;

/**
 * Session ids inside (already percent-decoded) request paths: {@code <prefix><id><suffix>}, no '/'.
 */
final class SessionPaths {

  private SessionPaths() {}

  /** The session id, or null when the path does not have that shape. */
  static String sessionId(String path, String prefix, String suffix) {
    if (path == null
        || !path.startsWith(prefix)
        || !path.endsWith(suffix)
        || path.length() <= prefix.length() + suffix.length()) {
      return null;
    }
    String id = path.substring(prefix.length(), path.length() - suffix.length());
    return id.contains("/") || id.isBlank() ? null : id;
  }
}
