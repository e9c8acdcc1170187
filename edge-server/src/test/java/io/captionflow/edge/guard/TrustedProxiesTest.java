package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private static final TrustedProxies INGRESS = TrustedProxies.parse("10.0.0.0/8, 192.0.2.7");

  private static InetAddress ip(String text) {
    return IpLiteral.parse(text).orElseThrow();
  }

  private static String client(TrustedProxies proxies, String peer, String... headers) {
    return proxies.clientAddress(ip(peer), List.of(headers)).getHostAddress();
  }

  @Test
  void withoutTrustedProxiesTheSocketAddressIsTheClientWhateverTheHeaderSays() {
    assertEquals("10.1.1.1", client(TrustedProxies.NONE, "10.1.1.1", "203.0.113.5"));
  }

  @Test
  void aPeerThatIsNoTrustedProxyCannotNameAnotherClient() {
    assertEquals("198.51.100.3", client(INGRESS, "198.51.100.3", "203.0.113.5"));
  }

  @Test
  void behindATrustedProxyTheClientIsTheRightmostUntrustedHop() {
    assertEquals("203.0.113.5", client(INGRESS, "10.1.1.1", "203.0.113.5"));
    // the client wrote a fake first hop; the ingress appended what it saw
    assertEquals("203.0.113.5", client(INGRESS, "10.1.1.1", "1.2.3.4, 203.0.113.5"));
    // two trusted proxies in a row
    assertEquals("203.0.113.5", client(INGRESS, "10.1.1.1", "1.2.3.4, 203.0.113.5, 192.0.2.7"));
    // several headers read as one list, in order
    assertEquals("203.0.113.5", client(INGRESS, "10.1.1.1", "1.2.3.4", "203.0.113.5"));
  }

  @Test
  void withoutAUsableHeaderItIsTheNearestTrustedHop() {
    assertEquals("10.1.1.1", client(INGRESS, "10.1.1.1"));
    assertEquals("10.1.1.1", client(INGRESS, "10.1.1.1", "garbage"));
    assertEquals("192.0.2.7", client(INGRESS, "10.1.1.1", "1.2.3.4, unknown, 192.0.2.7"));
    // only proxies in the header: the furthest of them
    assertEquals("10.9.9.9", client(INGRESS, "10.1.1.1", "10.9.9.9, 192.0.2.7"));
  }

  @Test
  void emptyOrBlankListsTrustNobody() {
    assertEquals(true, TrustedProxies.parse("").isEmpty());
    assertEquals(true, TrustedProxies.parse(null).isEmpty());
    assertEquals(true, TrustedProxies.parse(" , ").isEmpty());
    assertEquals("[10.0.0.0/8, 192.0.2.7/32]", INGRESS.toString());
  }
}
