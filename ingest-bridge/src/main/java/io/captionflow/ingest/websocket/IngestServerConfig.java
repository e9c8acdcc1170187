package io.captionflow.ingest.websocket;

import io.captionflow.edge.guard.ConnectionGuardSettings;
import java.time.Duration;

/**
 * @param host interface to listen on (0.0.0.0 for all)
 * @param port TCP port (8082 by default; 0 picks a free one)
 * @param tokens who may publish
 * @param grace how long a disconnected room's session stays open for a reconnect
 * @param maxMessageBytes largest binary frame (and, x 2 for base64, text message) accepted; larger
 *     closes with 1009
 * @param publishWait how long one message may wait for space in the publish buffer before the
 *     client is closed with 1013
 * @param guard per-client connection rate, trusted proxies and allowed origins of the ingest
 *     WebSocket
 * @param resumeLookup how long a room unknown to this process may look in Kafka for a session
 *     another bridge process left open (to continue it) before it starts a new one; zero: never
 *     look
 */
public record IngestServerConfig(
    String host,
    int port,
    PublishTokens tokens,
    Duration grace,
    int maxMessageBytes,
    Duration publishWait,
    ConnectionGuardSettings guard,
    Duration resumeLookup) {

  public static final int DEFAULT_PORT = 8082;
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RESUME_LOOKUP = Duration.ofSeconds(5);

  /** 1 MiB: about 33 s of 16 kHz PCM16, far more than any sane frame. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

  public IngestServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("invalid port " + port);
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("max message size must be at least 1024 bytes");
    }
    if (guard == null) {
      guard = ConnectionGuardSettings.OFF;
    }
    if (resumeLookup == null || resumeLookup.isNegative()) {
      throw new IllegalArgumentException(
          "the resume lookup's time bound must be 0 (off) or more, got " + resumeLookup);
    }
  }

  /** Looking up sessions left open for at most {@link #DEFAULT_RESUME_LOOKUP}. */
  public IngestServerConfig(
      String host,
      int port,
      PublishTokens tokens,
      Duration grace,
      int maxMessageBytes,
      Duration publishWait,
      ConnectionGuardSettings guard) {
    this(host, port, tokens, grace, maxMessageBytes, publishWait, guard, DEFAULT_RESUME_LOOKUP);
  }

  /** Without connection limits or origin checks. */
  public IngestServerConfig(
      String host,
      int port,
      PublishTokens tokens,
      Duration grace,
      int maxMessageBytes,
      Duration publishWait) {
    this(host, port, tokens, grace, maxMessageBytes, publishWait, ConnectionGuardSettings.OFF);
  }
}
