package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConnectionGuardSettingsTest {

  @Test
  void offByDefault() {
    ConnectionGuardSettings s = ConnectionGuardSettings.fromEnvironment(Map.of());
    assertEquals(false, s.limitsRate());
    assertEquals(20, s.connectBurst());
    assertEquals(true, s.trustedProxies().isEmpty());
    assertEquals(true, s.allowedOrigins().isOpen());
  }

  @Test
  void readsEveryVariable() {
    ConnectionGuardSettings s =
        ConnectionGuardSettings.fromEnvironment(
            Map.of(
                "CAPTIONFLOW_CONNECT_RATE", "0.5",
                "CAPTIONFLOW_CONNECT_BURST", "4",
                "CAPTIONFLOW_TRUSTED_PROXIES", "10.0.0.0/8",
                "CAPTIONFLOW_ALLOWED_ORIGINS", "https://captions.example.org",
                "CAPTIONFLOW_REQUIRE_ORIGIN", "true"));
    assertEquals(0.5, s.connectRate());
    assertEquals(4, s.connectBurst());
    assertEquals("[10.0.0.0/8]", s.trustedProxies().toString());
    assertEquals(
        Optional.of("forbidden: an Origin header is required"), s.allowedOrigins().refusal(null));
  }

  @Test
  void flagsOverrideTheEnvironment() {
    ConnectionGuardOptions options = new ConnectionGuardOptions();
    new CommandLine(options)
        .parseArgs(
            "--connect-rate",
            "3",
            "--allowed-origins",
            "http://localhost:8080",
            "--require-origin");
    ConnectionGuardSettings s =
        options.settings(Map.of("CAPTIONFLOW_CONNECT_RATE", "1", "CAPTIONFLOW_CONNECT_BURST", "7"));
    assertEquals(3.0, s.connectRate());
    assertEquals(7, s.connectBurst());
    assertEquals(
        Optional.of("forbidden: origin not allowed"),
        s.allowedOrigins().refusal("http://localhost:9090"));
    assertEquals(
        Optional.of("forbidden: an Origin header is required"), s.allowedOrigins().refusal(null));
  }

  @Test
  void badValuesAreErrorsNamingTheSetting() {
    assertEquals(
        "CAPTIONFLOW_CONNECT_RATE must be a number, got 'fast'",
        error(Map.of("CAPTIONFLOW_CONNECT_RATE", "fast")));
    assertEquals(
        "CAPTIONFLOW_CONNECT_BURST must be a whole number, got '2.5'",
        error(Map.of("CAPTIONFLOW_CONNECT_BURST", "2.5")));
    assertEquals(
        "CAPTIONFLOW_CONNECT_RATE / CAPTIONFLOW_CONNECT_BURST (--connect-rate / --connect-burst):"
            + " connection rate must be 0 (no limit) .. 1e9 per second, got -1.0",
        error(Map.of("CAPTIONFLOW_CONNECT_RATE", "-1")));
    assertEquals(
        "CAPTIONFLOW_CONNECT_RATE / CAPTIONFLOW_CONNECT_BURST (--connect-rate / --connect-burst):"
            + " connection burst must be at least 1, got 0",
        error(Map.of("CAPTIONFLOW_CONNECT_BURST", "0")));
    assertEquals(
        "CAPTIONFLOW_TRUSTED_PROXIES (--trusted-proxies): not an IP address or CIDR range:"
            + " 'ingress-nginx' (write e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8)",
        error(Map.of("CAPTIONFLOW_TRUSTED_PROXIES", "ingress-nginx")));
    assertEquals(
        "CAPTIONFLOW_ALLOWED_ORIGINS (--allowed-origins): requiring an Origin needs a list of"
            + " allowed origins to compare it with",
        error(Map.of("CAPTIONFLOW_REQUIRE_ORIGIN", "true")));
    assertEquals(
        "CAPTIONFLOW_REQUIRE_ORIGIN must be true or false, got 'yes'",
        error(Map.of("CAPTIONFLOW_REQUIRE_ORIGIN", "yes")));
  }

  private static String error(Map<String, String> env) {
    return assertThrows(
            IllegalArgumentException.class, () -> ConnectionGuardSettings.fromEnvironment(env))
        .getMessage();
  }
}
