package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "' 192.0.2.1 ', 192.0.2.1",
    "192.0.2.1:443, 192.0.2.1",
    "2001:db8::1, 2001:db8:0:0:0:0:0:1",
    "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
    "[2001:db8::1]:8443, 2001:db8:0:0:0:0:0:1",
    "::ffff:192.0.2.1, 192.0.2.1",
  })
  void readsAddressesAsProxiesWriteThem(String text, String address) {
    assertEquals(address, IpLiteral.parse(text).orElseThrow().getHostAddress());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "unknown",
        "localhost",
        "example.org",
        "256.0.0.1",
        "1.2.3",
        "1:2",
        "2001:db8::1%eth0",
        "[2001:db8::1",
        "_hidden",
        "192.0.2.1:port"
      })
  void anythingElseIsNoAddressAndNeverALookup(String text) {
    assertEquals(Optional.empty(), IpLiteral.parse(text));
  }
}
