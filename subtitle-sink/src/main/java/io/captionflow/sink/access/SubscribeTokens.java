package io.captionflow.sink.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may subscribe to which session. Configured as {@code
 * session=token,other=token2,*=wildcardToken} (CAPTIONFLOW_SUBSCRIBE_TOKENS): a session may have
 * several tokens, {@code *} opens every session. Only SHA-256 digests are kept and compared in
 * constant time, so neither the tokens nor their lengths leak through timing, and {@link
 * #toString()} never shows them.
 */
public final class SubscribeTokens {

  public static final String WILDCARD = "*";
  public static final SubscribeTokens NONE = new SubscribeTokens(Map.of());

  private final Map<String, List<byte[]>> digestsBySession;

  private SubscribeTokens(Map<String, List<byte[]>> digestsBySession) {
    this.digestsBySession = digestsBySession;
  }

  /**
   * Parses the configuration format; a malformed entry is an error naming the entry's position,
   * never its token.
   */
  public static SubscribeTokens parse(String spec) {
    Map<String, List<byte[]>> digests = new HashMap<>();
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    String[] entries = spec.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            "subscribe tokens: entry "
                + (i + 1)
                + " is not 'session=token' (use e.g. 'studio-a=s3cret,*=adminToken')");
      }
      String session = entry.substring(0, eq).trim();
      String token = entry.substring(eq + 1).trim();
      if (session.isEmpty() || token.isEmpty()) {
        throw new IllegalArgumentException(
            "subscribe tokens: entry " + (i + 1) + " has an empty session or token");
      }
      digests.computeIfAbsent(session, s -> new ArrayList<>()).add(digest(token));
    }
    return new SubscribeTokens(Map.copyOf(digests));
  }

  public boolean isEmpty() {
    return digestsBySession.isEmpty();
  }

  /**
   * True when {@code token} opens {@code sessionId}: a token of that session or a wildcard token.
   */
  public boolean allows(String sessionId, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    byte[] presented = digest(token);
    return matches(digestsBySession.get(sessionId), presented)
        | matches(digestsBySession.get(WILDCARD), presented);
  }

  /** True when {@code token} is a wildcard token (opens every session). */
  public boolean allowsAll(String token) {
    return token != null
        && !token.isEmpty()
        && matches(digestsBySession.get(WILDCARD), digest(token));
  }

  @Override
  public String toString() {
    return "SubscribeTokens["
        + digestsBySession.size()
        + " session entries"
        + (digestsBySession.containsKey(WILDCARD) ? ", wildcard" : "")
        + "]";
  }

  // Checks every candidate without returning early, so the number compared does not depend on the
  // token.
  private static boolean matches(List<byte[]> candidates, byte[] presented) {
    boolean found = false;
    if (candidates != null) {
      for (byte[] candidate : candidates) {
        found |= MessageDigest.isEqual(candidate, presented);
      }
    }
    return found;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
