package io.captionflow.sink.session;

/** A client's value quoted in an error that may become a WebSocket close reason (≤ 123 bytes). */
final class EchoedInput {

  static final int MAX_CHARS = 32;

  private EchoedInput() {}

  /** Printable ASCII only ('?' for the rest), cut to {@value #MAX_CHARS} characters plus "...". */
  static String of(String text) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > MAX_CHARS ? printable.substring(0, MAX_CHARS) + "..." : printable;
  }
}
