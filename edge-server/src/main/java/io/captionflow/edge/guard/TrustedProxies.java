package io.captionflow.edge.guard;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proxies (addresses or CIDR ranges) whose X-Forwarded-For header is believed, e.g. the ingress
 * controller's pods. The client is the rightmost hop of the header that is not a trusted proxy:
 * each trusted proxy appends the address it saw, so everything left of the first untrusted hop may
 * have been written by the client itself. A connection from anyone else is its socket address,
 * whatever its headers say.
 */
public final class TrustedProxies {

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Cidr> ranges;

  private TrustedProxies(List<Cidr> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** A comma-separated list: {@code 10.0.0.0/8, 192.0.2.7, fd00::/8}; empty or null is none. */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Cidr> ranges = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        ranges.add(Cidr.parse(part));
      }
    }
    return new TrustedProxies(ranges);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  boolean trusts(InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address));
  }

  /**
   * The client behind {@code peer} (the socket's remote address) given the request's
   * X-Forwarded-For headers in order. A hop that is not an IP address ends the walk at the last
   * trusted hop: a proxy would not have written it.
   */
  public InetAddress clientAddress(InetAddress peer, List<String> forwardedFor) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop);
      }
    }
    InetAddress nearest = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpLiteral.parse(hops.get(i));
      if (hop.isEmpty()) {
        return nearest;
      }
      if (!trusts(hop.get())) {
        return hop.get();
      }
      nearest = hop.get();
    }
    return nearest;
  }

  @Override
  public String toString() {
    return ranges.toString();
  }
}
