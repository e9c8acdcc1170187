package io.captionflow.edge.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is the range of itself.
 */
final class Cidr {

  private final byte[] network;
  private final int prefixBits;

  private Cidr(byte[] network, int prefixBits) {
    this.network = network;
    this.prefixBits = prefixBits;
  }

  /** Parses one range; a bad one is an IllegalArgumentException naming it. */
  static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    byte[] network =
        IpLiteral.parse(address)
            .map(InetAddress::getAddress)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not an IP address or CIDR range: '"
                            + text
                            + "' (write e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8)"));
    int bits = network.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException(
            "bad prefix length in '" + text + "': use 0.." + network.length * 8);
      }
    }
    return new Cidr(network, bits);
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
