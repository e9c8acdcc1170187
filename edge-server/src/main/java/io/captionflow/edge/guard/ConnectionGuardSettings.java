package io.captionflow.edge.guard;

import java.util.Locale;
import java.util.Map;

/**
 * How an edge guards its WebSocket upgrades: a per-client connection rate, whose X-Forwarded-For to
 * believe, and which page origins may connect. Read from the environment ({@link
 * #fromEnvironment}); {@link ConnectionGuardOptions} adds the command-line flags.
 *
 * @param connectRate connections per second and client once the burst is used; 0 = no limit
 * @param connectBurst connections a client may open at once
 * @param trustedProxies proxies whose X-Forwarded-For names the client
 * @param allowedOrigins origins whose pages may open the WebSockets
 */
public record ConnectionGuardSettings(
    double connectRate,
    int connectBurst,
    TrustedProxies trustedProxies,
    AllowedOrigins allowedOrigins) {

  public static final String RATE_VARIABLE = "CAPTIONFLOW_CONNECT_RATE";
  public static final String BURST_VARIABLE = "CAPTIONFLOW_CONNECT_BURST";
  public static final String PROXIES_VARIABLE = "CAPTIONFLOW_TRUSTED_PROXIES";
  public static final String ORIGINS_VARIABLE = "CAPTIONFLOW_ALLOWED_ORIGINS";
  public static final String REQUIRE_ORIGIN_VARIABLE = "CAPTIONFLOW_REQUIRE_ORIGIN";

  /** A venue's screens behind one NAT reconnecting together after a restart fit in it. */
  public static final int DEFAULT_BURST = 20;

  public static final ConnectionGuardSettings OFF =
      new ConnectionGuardSettings(0, DEFAULT_BURST, TrustedProxies.NONE, AllowedOrigins.ANY);

  public ConnectionGuardSettings {
    if (!(connectRate >= 0) || connectRate > 1e9) {
      throw new IllegalArgumentException(
          "connection rate must be 0 (no limit) .. 1e9 per second, got " + connectRate);
    }
    if (connectBurst < 1) {
      throw new IllegalArgumentException(
          "connection burst must be at least 1, got " + connectBurst);
    }
    if (trustedProxies == null) {
      trustedProxies = TrustedProxies.NONE;
    }
    if (allowedOrigins == null) {
      allowedOrigins = AllowedOrigins.ANY;
    }
  }

  public boolean limitsRate() {
    return connectRate > 0;
  }

  /**
   * CAPTIONFLOW_CONNECT_RATE (default 0), CAPTIONFLOW_CONNECT_BURST (20),
   * CAPTIONFLOW_TRUSTED_PROXIES, CAPTIONFLOW_ALLOWED_ORIGINS (none), CAPTIONFLOW_REQUIRE_ORIGIN
   * (false). A bad value is an IllegalArgumentException naming the variable.
   */
  public static ConnectionGuardSettings fromEnvironment(Map<String, String> env) {
    double rate = number(env, RATE_VARIABLE, 0);
    int burst = wholeNumber(env, BURST_VARIABLE, DEFAULT_BURST);
    TrustedProxies proxies;
    try {
      proxies = TrustedProxies.parse(env.get(PROXIES_VARIABLE));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PROXIES_VARIABLE + " (--trusted-proxies): " + e.getMessage(), e);
    }
    boolean requireOrigin = flag(env, REQUIRE_ORIGIN_VARIABLE);
    AllowedOrigins origins;
    try {
      origins = AllowedOrigins.parse(env.get(ORIGINS_VARIABLE), requireOrigin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ORIGINS_VARIABLE + " (--allowed-origins): " + e.getMessage(), e);
    }
    try {
      return new ConnectionGuardSettings(rate, burst, proxies, origins);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          RATE_VARIABLE
              + " / "
              + BURST_VARIABLE
              + " (--connect-rate / --connect-burst): "
              + e.getMessage(),
          e);
    }
  }

  private static double number(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
    }
  }

  private static int wholeNumber(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static boolean flag(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "false").strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true" -> true;
      case "false", "" -> false;
      default ->
          throw new IllegalArgumentException(
              name + " must be true or false, got '" + env.get(name) + "'");
    };
  }
}
