package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {

  @ParameterizedTest
  @CsvSource({
    "203.0.113.5, 203.0.113.5",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:0:0:0:0/64",
    "2001:db8:1:2:ffff::9, 2001:db8:1:2:0:0:0:0/64",
    "::ffff:203.0.113.5, 203.0.113.5",
  })
  void ipv4IsTheAddressIpv6ItsSlash64(String address, String key) {
    assertEquals(key, ClientAddress.key(IpLiteral.parse(address).orElseThrow()));
  }
}
