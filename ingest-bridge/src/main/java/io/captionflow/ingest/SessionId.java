package io.captionflow.ingest;

import java.util.regex.Pattern;

/**
 * The allowed shape of session ids and WebSocket room names (they become Kafka keys and URL path
 * segments).
 */
public final class SessionId {

  /** 1 to 128 characters of letters, digits, '.', '_' and '-'. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private SessionId() {}

  /** Returns {@code id} if valid, otherwise throws naming the problem. */
  public static String require(String id) {
    if (id == null || !PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid session id "
              + (id == null ? "(none)" : "'" + abbreviate(id) + "'")
              + ": use 1-128 characters of A-Z, a-z, 0-9, '.', '_', '-'");
    }
    return id;
  }

  public static boolean isValid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
