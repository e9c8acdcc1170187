package io.captionflow.launcher;

import io.captionflow.sink.access.SubscribeTokens;
import java.util.Map;

/**
 * Who may watch the demo's subtitles: the subscribe tokens given ({@code --subscribe-tokens}, else
 * CAPTIONFLOW_SUBSCRIBE_TOKENS), or everyone, but only when no tokens are set at all.
 */
record DemoAccess(SubscribeTokens tokens, boolean open, String source) {

  static final String ENVIRONMENT_VARIABLE = "CAPTIONFLOW_SUBSCRIBE_TOKENS";

  /**
   * @throws IllegalArgumentException when the tokens are malformed (the message never shows one)
   */
  static DemoAccess of(String flag, Map<String, String> env) {
    String source = flag != null ? "--subscribe-tokens" : ENVIRONMENT_VARIABLE;
    String spec = flag != null ? flag : env.getOrDefault(ENVIRONMENT_VARIABLE, "");
    SubscribeTokens tokens = SubscribeTokens.parse(spec);
    return new DemoAccess(tokens, tokens.isEmpty(), source);
  }

  /** The display URL, with a placeholder for the token when one is needed. */
  String displayUrl(String host, int port, String session) {
    return "http://"
        + host
        + ":"
        + port
        + "/?session="
        + session
        + (open ? "" : "&token=<your token>");
  }

  /** The line said on screen. */
  String describe(int port) {
    return open
        ? "OPEN: no subscribe tokens set, so anyone who can reach port "
            + port
            + " may watch; set "
            + ENVIRONMENT_VARIABLE
            + " or --subscribe-tokens to require them"
        : "tokens required (from " + source + "): add &token=… to the display URL";
  }
}
