package io.captionflow.sink.access;

/** The sink's one access decision: open mode (explicit opt-in) or a matching subscribe token. */
public record AccessPolicy(SubscribeTokens tokens, boolean openAccess) {

  public boolean maySubscribe(String sessionId, String token) {
    return openAccess || tokens.allows(sessionId, token);
  }

  /**
   * May see every session (session list); otherwise only the sessions its token opens are listed.
   */
  public boolean maySeeAll(String token) {
    return openAccess || tokens.allowsAll(token);
  }

  public static String refusal(String token) {
    return token == null || token.isEmpty()
        ? "subscribe token required (?token= or Authorization: Bearer)"
        : "subscribe token not valid for this session";
  }
}
