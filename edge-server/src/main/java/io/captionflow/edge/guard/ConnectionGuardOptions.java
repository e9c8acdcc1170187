package io.captionflow.edge.guard;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line flags of {@link ConnectionGuardSettings}, shared by {@code sink} and {@code
 * bridge serve} (a picocli mixin); each overrides its environment variable.
 */
public final class ConnectionGuardOptions {

  @Option(
      names = "--connect-rate",
      paramLabel = "PER_SECOND",
      description =
          "WebSocket connections per second and client address once the burst is used; refused"
              + " upgrades get HTTP 429 and Retry-After; 0 = no limit (env CAPTIONFLOW_CONNECT_RATE,"
              + " default 0)")
  Double connectRate;

  @Option(
      names = "--connect-burst",
      paramLabel = "N",
      description =
          "WebSocket connections a client address may open at once (env CAPTIONFLOW_CONNECT_BURST,"
              + " default 20)")
  Integer connectBurst;

  @Option(
      names = "--trusted-proxies",
      paramLabel = "CIDRS",
      description =
          "proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For names the"
              + " client, e.g. the ingress controller's pods (env CAPTIONFLOW_TRUSTED_PROXIES,"
              + " default none)")
  String trustedProxies;

  @Option(
      names = "--allowed-origins",
      paramLabel = "ORIGINS",
      description =
          "page origins allowed to open the WebSockets, comma-separated scheme://host[:port];"
              + " others get HTTP 403 (env CAPTIONFLOW_ALLOWED_ORIGINS, default any)")
  String allowedOrigins;

  @Option(
      names = "--require-origin",
      description =
          "refuse upgrades without an Origin header too (non-browser clients send none; env"
              + " CAPTIONFLOW_REQUIRE_ORIGIN)")
  boolean requireOrigin;

  /** The environment's settings with these flags over them. */
  public ConnectionGuardSettings settings(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    put(merged, ConnectionGuardSettings.RATE_VARIABLE, connectRate);
    put(merged, ConnectionGuardSettings.BURST_VARIABLE, connectBurst);
    put(merged, ConnectionGuardSettings.PROXIES_VARIABLE, trustedProxies);
    put(merged, ConnectionGuardSettings.ORIGINS_VARIABLE, allowedOrigins);
    if (requireOrigin) {
      merged.put(ConnectionGuardSettings.REQUIRE_ORIGIN_VARIABLE, "true");
    }
    return ConnectionGuardSettings.fromEnvironment(merged);
  }

  private static void put(Map<String, String> env, String name, Object flag) {
    if (flag != null) {
      env.put(name, flag.toString());
    }
  }
}
