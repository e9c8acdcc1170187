package io.captionflow.edge.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/** The rate limiter's key for a client address. */
public final class ClientAddress {

  private ClientAddress() {}

  /**
   * IPv4: the address. IPv6: its /64 network, the smallest block a provider hands out, so one
   * subscriber cannot get a fresh bucket per address.
   */
  public static String key(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] network = Arrays.copyOf(address.getAddress(), 16);
      Arrays.fill(network, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/64";
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("16 bytes are always an address", e);
      }
    }
    return address.getHostAddress();
  }
}
