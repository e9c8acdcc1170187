package io.captionflow.edge.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an IP address written out (as in X-Forwarded-For or a CIDR): never a host name, so nothing
 * a client sends can start a DNS lookup.
 */
final class IpLiteral {

  private static final Pattern V4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d{1,5})?");
  private static final Pattern V6 =
      Pattern.compile("\\[?([0-9A-Fa-f:.]+)\\](?::\\d{1,5})?|([0-9A-Fa-f:.]+)");

  private IpLiteral() {}

  /**
   * {@code 192.0.2.1}, {@code 192.0.2.1:443}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}; empty
   * for anything else.
   */
  static Optional<InetAddress> parse(String text) {
    String t = text.strip();
    Matcher v4 = V4.matcher(t);
    if (v4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(v4.group(i + 1));
        if (part > 255) {
          return Optional.empty();
        }
        bytes[i] = (byte) part;
      }
      return Optional.of(byAddress(bytes));
    }
    Matcher v6 = V6.matcher(t);
    if (!v6.matches()) {
      return Optional.empty();
    }
    String literal = v6.group(1) != null ? v6.group(1) : v6.group(2);
    if (literal.indexOf(':') < 0) {
      return Optional.empty();
    }
    try {
      // In brackets Java parses the literal or fails; it never falls back to a name lookup.
      return Optional.of(InetAddress.getByName("[" + literal + "]"));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static InetAddress byAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an address", e);
    }
  }
}
