package io.captionflow.sink;

import io.captionflow.edge.guard.ConnectionGuardSettings;
import io.captionflow.schema.KafkaClientEnvironment;
import io.captionflow.schema.Topics;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.hls.HlsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the sink needs, immutable. Built from the environment ({@link #fromEnvironment}) and
 * then adjusted by command-line flags through the {@code with...} copies.
 *
 * @param host interface to bind (0.0.0.0 = all)
 * @param port HTTP/WebSocket port (0 = any free port, see {@link SubtitleSinkServer#port()})
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param topics topic names; the sink reads {@link Topics#segments()}
 * @param historySize confirmed segments kept per session for late joiners, reconnects and exports
 * @param sendQueueLimit messages a subscriber may lag behind live before it is dropped (close 4429)
 * @param lookback how far back the topic is read at start to rebuild session history
 * @param pingInterval how often every subscriber is pinged
 * @param deadAfter a subscriber silent (no pong, no frame) this long is closed (4408)
 * @param sessionRetention an ended or silent session without subscribers is forgotten after this
 *     long
 * @param tokens subscribe tokens (per session and wildcard)
 * @param openAccess true = no token needed (explicit opt-in only)
 * @param speakerColours CSS colours for speaker 0, 1, ... on the display page
 * @param socketSendBuffer kernel send buffer per connection in bytes (0 = OS autotuning, up to
 *     MBs): bounds memory per subscriber and lets a stalled subscriber show up in its queue sooner
 * @param hls how the HLS WebVTT rendition is cut and aligned
 * @param maxMessageBytes largest message a subscriber may send (they send nothing but pongs); a
 *     larger one closes its connection with 1009
 * @param guard per-client connection rate, trusted proxies and allowed origins of the WebSocket
 * @param kafkaClient extra Kafka consumer settings (authentication), see {@link
 *     KafkaClientEnvironment}
 */
public record SinkConfig(
    String host,
    int port,
    String kafkaBootstrap,
    Topics topics,
    int historySize,
    int sendQueueLimit,
    Duration lookback,
    Duration pingInterval,
    Duration deadAfter,
    Duration sessionRetention,
    SubscribeTokens tokens,
    boolean openAccess,
    List<String> speakerColours,
    int socketSendBuffer,
    HlsSettings hls,
    int maxMessageBytes,
    ConnectionGuardSettings guard,
    Map<String, String> kafkaClient) {

  public static final int DEFAULT_PORT = 8080;

  /** Subscribers send pongs and at most a short text; 4 KiB leaves room for any of that. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4096;

  public static final int MIN_MESSAGE_BYTES = 125;
  public static final List<String> DEFAULT_SPEAKER_COLOURS =
      List.of(
          "#ffffff", "#ffe14d", "#5ee0ff", "#8dff7a", "#ff9de2", "#ffb04d", "#c9a6ff", "#ff7a7a");

  public SinkConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers missing (CAPTIONFLOW_KAFKA_BOOTSTRAP)");
    }
    if (historySize < 1) {
      throw new IllegalArgumentException("history size must be at least 1, got " + historySize);
    }
    if (sendQueueLimit < 1) {
      throw new IllegalArgumentException(
          "send queue limit must be at least 1, got " + sendQueueLimit);
    }
    requirePositive("lookback", lookback);
    requirePositive("ping interval", pingInterval);
    requirePositive("dead-after", deadAfter);
    requirePositive("session retention", sessionRetention);
    if (deadAfter.compareTo(pingInterval) <= 0) {
      throw new IllegalArgumentException(
          "dead-after ("
              + deadAfter
              + ") must be longer than the ping interval ("
              + pingInterval
              + ")");
    }
    if (speakerColours == null || speakerColours.isEmpty()) {
      throw new IllegalArgumentException("at least one speaker colour is needed");
    }
    speakerColours = List.copyOf(speakerColours);
    if (socketSendBuffer < 0) {
      throw new IllegalArgumentException(
          "socket send buffer must be >= 0 bytes, got " + socketSendBuffer);
    }
    if (tokens == null) {
      tokens = SubscribeTokens.NONE;
    }
    if (hls == null) {
      hls = HlsSettings.DEFAULT;
    }
    if (maxMessageBytes < MIN_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "max message size must be at least "
              + MIN_MESSAGE_BYTES
              + " bytes (a WebSocket control frame), got "
              + maxMessageBytes);
    }
    if (guard == null) {
      guard = ConnectionGuardSettings.OFF;
    }
    kafkaClient = kafkaClient == null ? Map.of() : Map.copyOf(kafkaClient);
  }

  /**
   * Reads CAPTIONFLOW_SINK_HOST, CAPTIONFLOW_SINK_PORT, CAPTIONFLOW_KAFKA_BOOTSTRAP,
   * CAPTIONFLOW_TOPIC_*, CAPTIONFLOW_SINK_HISTORY, CAPTIONFLOW_SINK_QUEUE_LIMIT,
   * CAPTIONFLOW_SINK_LOOKBACK, CAPTIONFLOW_SUBSCRIBE_TOKENS, CAPTIONFLOW_OPEN_ACCESS,
   * CAPTIONFLOW_SPEAKER_COLOURS, CAPTIONFLOW_SINK_SOCKET_SEND_BUFFER, CAPTIONFLOW_HLS_* ({@link
   * HlsSettings#fromEnvironment}), CAPTIONFLOW_SINK_MAX_MESSAGE_BYTES, the connection guard's
   * variables ({@link ConnectionGuardSettings#fromEnvironment}) and CAPTIONFLOW_KAFKA_CLIENT_*
   * ({@link KafkaClientEnvironment}); defaults otherwise.
   */
  public static SinkConfig fromEnvironment(Map<String, String> env) {
    return new SinkConfig(
        env.getOrDefault("CAPTIONFLOW_SINK_HOST", "0.0.0.0"),
        intValue(env, "CAPTIONFLOW_SINK_PORT", DEFAULT_PORT),
        env.getOrDefault("CAPTIONFLOW_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        Topics.fromEnvironment(env),
        intValue(env, "CAPTIONFLOW_SINK_HISTORY", 500),
        intValue(env, "CAPTIONFLOW_SINK_QUEUE_LIMIT", 256),
        durationValue(env, "CAPTIONFLOW_SINK_LOOKBACK", Duration.ofHours(2)),
        Duration.ofSeconds(15),
        Duration.ofSeconds(45),
        Duration.ofMinutes(30),
        SubscribeTokens.parse(env.getOrDefault("CAPTIONFLOW_SUBSCRIBE_TOKENS", "")),
        Boolean.parseBoolean(env.getOrDefault("CAPTIONFLOW_OPEN_ACCESS", "false").trim()),
        env.containsKey("CAPTIONFLOW_SPEAKER_COLOURS")
            ? List.of(env.get("CAPTIONFLOW_SPEAKER_COLOURS").split("\\s*,\\s*"))
            : DEFAULT_SPEAKER_COLOURS,
        intValue(env, "CAPTIONFLOW_SINK_SOCKET_SEND_BUFFER", 64 * 1024),
        HlsSettings.fromEnvironment(env),
        intValue(env, "CAPTIONFLOW_SINK_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES),
        ConnectionGuardSettings.fromEnvironment(env),
        KafkaClientEnvironment.properties(env));
  }

  /** Defaults for a sink on {@code kafkaBootstrap}; tests and the benchmark adjust from here. */
  public static SinkConfig defaults(String kafkaBootstrap, Topics topics) {
    return fromEnvironment(Map.of()).withKafka(kafkaBootstrap, topics);
  }

  public SinkConfig withKafka(String bootstrap, Topics newTopics) {
    return copy(
        c -> {
          c.kafkaBootstrap = bootstrap;
          c.topics = newTopics;
        });
  }

  public SinkConfig withPort(int newPort) {
    return copy(c -> c.port = newPort);
  }

  public SinkConfig withHost(String newHost) {
    return copy(c -> c.host = newHost);
  }

  public SinkConfig withLimits(int newHistorySize, int newSendQueueLimit) {
    return copy(
        c -> {
          c.historySize = newHistorySize;
          c.sendQueueLimit = newSendQueueLimit;
        });
  }

  public SinkConfig withLookback(Duration newLookback) {
    return copy(c -> c.lookback = newLookback);
  }

  public SinkConfig withHeartbeat(Duration newPingInterval, Duration newDeadAfter) {
    return copy(
        c -> {
          c.pingInterval = newPingInterval;
          c.deadAfter = newDeadAfter;
        });
  }

  public SinkConfig withAccess(SubscribeTokens newTokens, boolean newOpenAccess) {
    return copy(
        c -> {
          c.tokens = newTokens;
          c.openAccess = newOpenAccess;
        });
  }

  public SinkConfig withSocketSendBuffer(int bytes) {
    return copy(c -> c.socketSendBuffer = bytes);
  }

  public SinkConfig withHls(HlsSettings newHls) {
    return copy(c -> c.hls = newHls);
  }

  public SinkConfig withMaxMessageBytes(int bytes) {
    return copy(c -> c.maxMessageBytes = bytes);
  }

  public SinkConfig withGuard(ConnectionGuardSettings newGuard) {
    return copy(c -> c.guard = newGuard);
  }

  private SinkConfig copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy, so each with-method names only what it changes. */
  private static final class Copy {
    String host;
    int port;
    String kafkaBootstrap;
    Topics topics;
    int historySize;
    int sendQueueLimit;
    Duration lookback;
    Duration pingInterval;
    Duration deadAfter;
    Duration sessionRetention;
    SubscribeTokens tokens;
    boolean openAccess;
    List<String> speakerColours;
    int socketSendBuffer;
    HlsSettings hls;
    int maxMessageBytes;
    ConnectionGuardSettings guard;
    Map<String, String> kafkaClient;

    Copy(SinkConfig s) {
      host = s.host;
      port = s.port;
      kafkaBootstrap = s.kafkaBootstrap;
      topics = s.topics;
      historySize = s.historySize;
      sendQueueLimit = s.sendQueueLimit;
      lookback = s.lookback;
      pingInterval = s.pingInterval;
      deadAfter = s.deadAfter;
      sessionRetention = s.sessionRetention;
      tokens = s.tokens;
      openAccess = s.openAccess;
      speakerColours = s.speakerColours;
      socketSendBuffer = s.socketSendBuffer;
      hls = s.hls;
      maxMessageBytes = s.maxMessageBytes;
      guard = s.guard;
      kafkaClient = s.kafkaClient;
    }

    SinkConfig build() {
      return new SinkConfig(
          host,
          port,
          kafkaBootstrap,
          topics,
          historySize,
          sendQueueLimit,
          lookback,
          pingInterval,
          deadAfter,
          sessionRetention,
          tokens,
          openAccess,
          speakerColours,
          socketSendBuffer,
          hls,
          maxMessageBytes,
          guard,
          kafkaClient);
    }
  }

  /** Parses "90s", "15m", "2h", "1d" or an ISO-8601 duration ("PT2H"). */
  public static Duration parseDuration(String text) {
    String t = text.trim();
    try {
      if (t.toUpperCase().startsWith("P")) {
        return Duration.parse(t.toUpperCase());
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use e.g. 90s, 15m, 2h, 1d or PT2H)");
    }
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static Duration durationValue(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private static void requirePositive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
    }
  }
}
