package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "192.0.2.0/25, 192.0.2.127, true",
    "192.0.2.0/25, 192.0.2.128, false",
    "0.0.0.0/0, 203.0.113.1, true",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fe80::1, false",
    "10.0.0.0/8, ::1, false",
    "::/0, 10.0.0.1, false",
  })
  void containsExactlyItsAddresses(String range, String address, boolean inside) {
    assertEquals(inside, Cidr.parse(range).contains(IpLiteral.parse(address).orElseThrow()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33|bad prefix length in '10.0.0.0/33': use 0..32",
        "10.0.0.0/x|bad prefix length in '10.0.0.0/x': use 0..32",
        "ingress|not an IP address or CIDR range: 'ingress' (write e.g. 10.0.0.0/8, 192.0.2.7 or"
            + " fd00::/8)",
      })
  void aBadRangeIsAnErrorNamingIt(String range, String message) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(range)).getMessage());
  }
}
