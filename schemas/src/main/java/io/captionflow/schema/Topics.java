package io.captionflow.schema;

import java.util.Map;

/**
 * Kafka topic names, all keyed by session id. Defaults can be overridden by environment variables
 * (CAPTIONFLOW_TOPIC_AUDIO, ..._SESSIONS, ..._SEGMENTS, ..._DEAD_LETTERS) or flags.
 */
public record Topics(String audio, String sessionEvents, String segments, String deadLetters) {

  public static final Topics DEFAULT =
      new Topics(
          "captionflow.audio",
          "captionflow.session-events",
          "captionflow.segments",
          "captionflow.dead-letters");

  public Topics {
    requireName("audio", audio);
    requireName("session events", sessionEvents);
    requireName("segments", segments);
    requireName("dead letters", deadLetters);
  }

  public static Topics fromEnvironment(Map<String, String> env) {
    return new Topics(
        env.getOrDefault("CAPTIONFLOW_TOPIC_AUDIO", DEFAULT.audio),
        env.getOrDefault("CAPTIONFLOW_TOPIC_SESSIONS", DEFAULT.sessionEvents),
        env.getOrDefault("CAPTIONFLOW_TOPIC_SEGMENTS", DEFAULT.segments),
        env.getOrDefault("CAPTIONFLOW_TOPIC_DEAD_LETTERS", DEFAULT.deadLetters));
  }

  /** The same topics with every name prefixed, so tests and parallel demos do not collide. */
  public Topics withPrefix(String prefix) {
    return new Topics(
        prefix + audio, prefix + sessionEvents, prefix + segments, prefix + deadLetters);
  }

  private static void requireName(String what, String name) {
    if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          "invalid Kafka topic name for "
              + what
              + ": '"
              + name
              + "' (use 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-')");
    }
  }
}
