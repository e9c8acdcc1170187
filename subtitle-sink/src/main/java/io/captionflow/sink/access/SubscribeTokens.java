package io.captionflow.sink.access;

import io.captionflow.edge.token.TokenDigests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may subscribe to which session. Configured as {@code
 * session=token,other=token2,*=wildcardToken} (CAPTIONFLOW_SUBSCRIBE_TOKENS): a session may have
 * several tokens, {@code *} opens every session. Each session's tokens are {@link TokenDigests}, so
 * neither the tokens nor their lengths leak through timing, and {@link #toString()} never shows
 * them.
 */
public final class SubscribeTokens {

  public static final String WILDCARD = "*";
  public static final SubscribeTokens NONE = new SubscribeTokens(Map.of());

  private final Map<String, TokenDigests> digestsBySession;

  private SubscribeTokens(Map<String, TokenDigests> digestsBySession) {
    this.digestsBySession = digestsBySession;
  }

  /**
   * Parses the configuration format; a malformed entry is an error naming the entry's position,
   * never its token.
   */
  public static SubscribeTokens parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    Map<String, List<String>> tokensBySession = new HashMap<>();
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
      tokensBySession.computeIfAbsent(session, s -> new ArrayList<>()).add(token);
    }
    Map<String, TokenDigests> digests = new HashMap<>();
    tokensBySession.forEach((session, tokens) -> digests.put(session, TokenDigests.of(tokens)));
    return new SubscribeTokens(Map.copyOf(digests));
  }

  public boolean isEmpty() {
    return digestsBySession.isEmpty();
  }

  /**
   * True when {@code token} opens {@code sessionId}: a token of that session or a wildcard token.
   */
  public boolean allows(String sessionId, String token) {
    // Both lists are checked whatever the first answers, so timing does not tell which matched.
    return digestsBySession.getOrDefault(sessionId, TokenDigests.NONE).matches(token)
        | allowsAll(token);
  }

  /** True when {@code token} is a wildcard token (opens every session). */
  public boolean allowsAll(String token) {
    return digestsBySession.getOrDefault(WILDCARD, TokenDigests.NONE).matches(token);
  }

  @Override
  public String toString() {
    return "SubscribeTokens["
        + digestsBySession.size()
        + " session entries"
        + (digestsBySession.containsKey(WILDCARD) ? ", wildcard" : "")
        + "]";
  }
}
