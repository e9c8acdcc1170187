package io.captionflow.ingest.cli;

import io.captionflow.edge.guard.ConnectionGuardOptions;
import io.captionflow.edge.guard.ConnectionGuardSettings;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.ingest.websocket.IngestServer;
import io.captionflow.ingest.websocket.IngestServerConfig;
import io.captionflow.ingest.websocket.PublishTokens;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bridge serve}: the WebSocket audio ingest server, one session per room. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the WebSocket audio ingest: ws://HOST:PORT/ws/ingest/{room}?lang=..&mode=..",
      "Publishers authenticate with a token from $CAPTIONFLOW_PUBLISH_TOKENS (comma-separated)."
    })
public class ServeCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Interface to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "8082", description = "Port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--grace",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Keep a disconnected room's session open this long for a reconnect (default: ${DEFAULT-VALUE})")
  long graceSeconds;

  @Option(
      names = "--resume-timeout",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "How long a room this process does not know may look in Kafka for its session left open by"
              + " another (killed) bridge process, to continue it; then it starts a new session"
              + " (0: never look; default: ${DEFAULT-VALUE})")
  double resumeTimeoutSeconds;

  @Option(
      names = "--max-message-bytes",
      defaultValue = "1048576",
      description =
          "Largest binary frame accepted; base64 JSON messages may be twice that (default: ${DEFAULT-VALUE})")
  int maxMessageBytes;

  @Option(
      names = "--publish-wait",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "How long a message may wait for the publish buffer before the client is closed with 1013 (default: ${DEFAULT-VALUE})")
  long publishWaitSeconds;

  @Option(
      names = "--allow-anonymous",
      description =
          "OPEN MODE: accept publishers without a token (trusted networks only; logged as a warning)")
  boolean allowAnonymous;

  @Mixin ConnectionGuardOptions guard = new ConnectionGuardOptions();

  @Override
  public Integer call() throws Exception {
    BridgeConfig config;
    ConnectionGuardSettings guardSettings;
    try {
      config = kafka.toConfig();
      guardSettings = guard.settings(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    PublishTokens tokens =
        allowAnonymous ? PublishTokens.openMode() : PublishTokens.fromEnvironment(System.getenv());
    if (!allowAnonymous && tokens.count() == 0) {
      System.err.println(
          "error: no publish tokens: set "
              + PublishTokens.ENVIRONMENT_VARIABLE
              + "=token1,token2 (or pass --allow-anonymous on a trusted network)");
      return 2;
    }
    if (allowAnonymous) {
      System.err.println(
          "WARNING: OPEN MODE (--allow-anonymous): anyone who can reach port "
              + port
              + " can publish audio. Use only on a trusted network.");
    }
    if (!(resumeTimeoutSeconds >= 0 && resumeTimeoutSeconds <= 600)) {
      System.err.println(
          "error: --resume-timeout must be 0 (off) to 600 seconds, got " + resumeTimeoutSeconds);
      return 2;
    }
    IngestServerConfig serverConfig =
        new IngestServerConfig(
            host,
            port,
            tokens,
            Duration.ofSeconds(graceSeconds),
            maxMessageBytes,
            Duration.ofSeconds(publishWaitSeconds),
            guardSettings,
            Duration.ofMillis(Math.round(resumeTimeoutSeconds * 1000)));
    KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
    IngestServer server =
        new IngestServer(serverConfig, publisher, config.chunkMillis(), System::currentTimeMillis)
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                    publisher.flush();
                  } catch (Exception e) {
                    System.err.println("error during shutdown: " + e.getMessage());
                  } finally {
                    publisher.close();
                  }
                },
                "ingest-shutdown"));
    server.join();
    return 0;
  }
}
