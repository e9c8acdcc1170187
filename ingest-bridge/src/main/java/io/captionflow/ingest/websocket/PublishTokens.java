package io.captionflow.ingest.websocket;

import io.captionflow.edge.token.TokenDigests;
import java.util.Arrays;
import java.util.Map;

/**
 * The publish tokens that may send audio (from {@code CAPTIONFLOW_PUBLISH_TOKENS},
 * comma-separated), matched as {@link TokenDigests}. Tokens are never logged or shown. With no
 * tokens the server refuses everyone unless open mode was explicitly requested.
 */
public final class PublishTokens {

  public static final String ENVIRONMENT_VARIABLE = "CAPTIONFLOW_PUBLISH_TOKENS";

  private final TokenDigests tokens;
  private final boolean open;

  private PublishTokens(TokenDigests tokens, boolean open) {
    this.tokens = tokens;
    this.open = open;
  }

  /** Tokens from a comma-separated list (blank entries ignored). */
  public static PublishTokens of(String commaSeparated) {
    if (commaSeparated == null) {
      return new PublishTokens(TokenDigests.NONE, false);
    }
    return new PublishTokens(
        TokenDigests.of(
            Arrays.stream(commaSeparated.split(","))
                .filter(token -> !token.isBlank())
                .map(String::strip)
                .toList()),
        false);
  }

  public static PublishTokens fromEnvironment(Map<String, String> env) {
    return of(env.get(ENVIRONMENT_VARIABLE));
  }

  /**
   * Accepts every publisher, token or not: only for trusted networks, and the server warns loudly.
   */
  public static PublishTokens openMode() {
    return new PublishTokens(TokenDigests.NONE, true);
  }

  public boolean isOpen() {
    return open;
  }

  public int count() {
    return tokens.count();
  }

  /** Whether {@code presented} (possibly null) may publish. */
  public boolean accepts(String presented) {
    return open || tokens.matches(presented);
  }
}
