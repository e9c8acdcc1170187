package io.captionflow.ingest.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The publish tokens that may send audio (from {@code CAPTIONFLOW_PUBLISH_TOKENS},
 * comma-separated). Comparison is constant-time over SHA-256 digests and checks every configured
 * token, so timing reveals neither a token nor which one matched. Tokens are never logged or shown.
 * With no tokens the server refuses everyone unless open mode was explicitly requested.
 */
public final class PublishTokens {

  public static final String ENVIRONMENT_VARIABLE = "CAPTIONFLOW_PUBLISH_TOKENS";

  private final List<byte[]> digests;
  private final boolean open;

  private PublishTokens(List<byte[]> digests, boolean open) {
    this.digests = digests;
    this.open = open;
  }

  /** Tokens from a comma-separated list (blank entries ignored). */
  public static PublishTokens of(String commaSeparated) {
    List<byte[]> digests = new ArrayList<>();
    if (commaSeparated != null) {
      for (String token : commaSeparated.split(",")) {
        if (!token.isBlank()) {
          digests.add(sha256(token.strip()));
        }
      }
    }
    return new PublishTokens(List.copyOf(digests), false);
  }

  public static PublishTokens fromEnvironment(Map<String, String> env) {
    return of(env.get(ENVIRONMENT_VARIABLE));
  }

  /**
   * Accepts every publisher, token or not: only for trusted networks, and the server warns loudly.
   */
  public static PublishTokens openMode() {
    return new PublishTokens(List.of(), true);
  }

  public boolean isOpen() {
    return open;
  }

  public int count() {
    return digests.size();
  }

  /** Whether {@code presented} (possibly null) may publish. */
  public boolean accepts(String presented) {
    if (open) {
      return true;
    }
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] digest = sha256(presented);
    boolean match = false;
    for (byte[] known : digests) {
      match |= MessageDigest.isEqual(known, digest);
    }
    return match;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
