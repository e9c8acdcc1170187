package io.captionflow.ingest.websocket;

import java.nio.charset.StandardCharsets;

/** WebSocket close reasons, which RFC 6455 limits to 123 bytes of UTF-8. */
public final class CloseReason {

  /** The longest close reason in UTF-8 bytes. */
  public static final int MAX_BYTES = 123;

  private static final String ELLIPSIS = "...";

  private CloseReason() {}

  /**
   * {@code reason} itself when it fits, else its longest prefix of whole code points that fits with
   * "..." after it (never half a character or half a surrogate pair).
   */
  public static String truncate(String reason) {
    if (reason == null || utf8Length(reason) <= MAX_BYTES) {
      return reason;
    }
    int budget = MAX_BYTES - ELLIPSIS.length();
    int bytes = 0;
    int end = 0;
    while (end < reason.length()) {
      int codePoint = reason.codePointAt(end);
      int size = utf8Length(codePoint);
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return reason.substring(0, end) + ELLIPSIS;
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    // a lone surrogate is encoded as '?' by String.getBytes, but counting 3 keeps the bound safe
    return codePoint < 0x10000 ? 3 : 4;
  }
}
