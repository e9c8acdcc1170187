package io.captionflow.edge.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Configured tokens kept only as SHA-256 digests. A presented token is compared with every digest
 * in constant time and without returning early, so timing reveals neither a token, its length nor
 * which one matched; {@link #toString()} never shows them.
 */
public final class TokenDigests {

  public static final TokenDigests NONE = new TokenDigests(List.of());

  private final List<byte[]> digests;

  private TokenDigests(List<byte[]> digests) {
    this.digests = digests;
  }

  /** The digests of {@code tokens}, which must be neither null nor empty. */
  public static TokenDigests of(Collection<String> tokens) {
    return new TokenDigests(tokens.stream().map(TokenDigests::digest).toList());
  }

  public int count() {
    return digests.size();
  }

  public boolean isEmpty() {
    return digests.isEmpty();
  }

  /** Whether {@code presented} (possibly null) is one of the tokens. */
  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] digest = digest(presented);
    boolean match = false;
    for (byte[] known : digests) {
      match |= MessageDigest.isEqual(known, digest);
    }
    return match;
  }

  @Override
  public String toString() {
    return "TokenDigests[" + digests.size() + "]";
  }

  private static byte[] digest(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a token must not be empty");
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
