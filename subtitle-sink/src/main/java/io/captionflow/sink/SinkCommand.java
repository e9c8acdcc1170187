package io.captionflow.sink;

import io.captionflow.edge.guard.ConnectionGuardOptions;
import io.captionflow.schema.Topics;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.hls.HlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code captionflow sink}: runs the subtitle sink until interrupted. Flags override the
 * environment.
 */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description =
        "Serve subtitles from the segments topic: WebSocket fan-out, display page, WebVTT/SRT exports.")
public final class SinkCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      description = "HTTP/WebSocket port (env CAPTIONFLOW_SINK_PORT, default 8080)")
  Integer port;

  @Option(
      names = "--host",
      description = "interface to bind (env CAPTIONFLOW_SINK_HOST, default 0.0.0.0)")
  String host;

  @Option(
      names = "--bootstrap",
      description = "Kafka bootstrap servers (env CAPTIONFLOW_KAFKA_BOOTSTRAP)")
  String bootstrap;

  @Option(
      names = "--segments-topic",
      description = "segments topic (env CAPTIONFLOW_TOPIC_SEGMENTS)")
  String segmentsTopic;

  @Option(
      names = "--history",
      description = "confirmed segments kept per session (env CAPTIONFLOW_SINK_HISTORY, 500)")
  Integer history;

  @Option(
      names = "--queue-limit",
      description =
          "messages a subscriber may lag before it is dropped (env CAPTIONFLOW_SINK_QUEUE_LIMIT, 256)")
  Integer queueLimit;

  @Option(
      names = "--lookback",
      description =
          "history rebuilt from this far back at start, e.g. 2h "
              + "(env CAPTIONFLOW_SINK_LOOKBACK)")
  String lookback;

  @Option(
      names = "--tokens-file",
      description =
          "file holding subscribe tokens in the CAPTIONFLOW_SUBSCRIBE_TOKENS "
              + "format (kept off the command line, where any user could read them)")
  Path tokensFile;

  @Option(
      names = "--open",
      description = "no subscribe token needed: anyone who reaches the port reads every session")
  boolean open;

  @Option(
      names = "--hls-segment-seconds",
      description = "HLS WebVTT segment duration (env CAPTIONFLOW_HLS_SEGMENT_SECONDS, 4)")
  Integer hlsSegmentSeconds;

  @Option(
      names = "--hls-window",
      description = "segments in the live HLS playlist (env CAPTIONFLOW_HLS_WINDOW, 15)")
  Integer hlsWindow;

  @Option(
      names = "--hls-settle-millis",
      description =
          "in a pause, quiet time before silent audio is published as final "
              + "(env CAPTIONFLOW_HLS_SETTLE_MILLIS, 3000)")
  Long hlsSettleMillis;

  @Option(
      names = "--hls-mpegts-offset",
      description =
          "the video's MPEG-TS time in seconds at session time 0, for X-TIMESTAMP-MAP "
              + "(env CAPTIONFLOW_HLS_MPEGTS_OFFSET, 0)")
  Double hlsMpegtsOffset;

  @Option(
      names = "--hls-program-date-time",
      arity = "1",
      description =
          "true/false: EXT-X-PROGRAM-DATE-TIME from capture times "
              + "(env CAPTIONFLOW_HLS_PROGRAM_DATE_TIME, true)")
  Boolean hlsProgramDateTime;

  @Option(
      names = "--max-message-bytes",
      description =
          "largest message a subscriber may send; larger closes it with 1009 "
              + "(env CAPTIONFLOW_SINK_MAX_MESSAGE_BYTES, 4096)")
  Integer maxMessageBytes;

  @Mixin ConnectionGuardOptions guard = new ConnectionGuardOptions();

  @Override
  public Integer call() throws Exception {
    SinkConfig config = configure(System.getenv());
    try (SubtitleSinkServer server = new SubtitleSinkServer(config).start()) {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.stop();
                    stopped.countDown();
                  },
                  "sink-shutdown"));
      stopped.await();
    }
    return 0;
  }

  SinkConfig configure(Map<String, String> env) throws Exception {
    SinkConfig c = SinkConfig.fromEnvironment(env);
    if (port != null) {
      c = c.withPort(port);
    }
    if (host != null) {
      c = c.withHost(host);
    }
    Topics topics =
        segmentsTopic == null
            ? c.topics()
            : new Topics(
                c.topics().audio(),
                c.topics().sessionEvents(),
                segmentsTopic,
                c.topics().deadLetters());
    c = c.withKafka(bootstrap != null ? bootstrap : c.kafkaBootstrap(), topics);
    c =
        c.withLimits(
            history != null ? history : c.historySize(),
            queueLimit != null ? queueLimit : c.sendQueueLimit());
    if (lookback != null) {
      c = c.withLookback(SinkConfig.parseDuration(lookback));
    }
    HlsSettings h = c.hls();
    c =
        c.withHls(
            new HlsSettings(
                hlsSegmentSeconds != null ? hlsSegmentSeconds : h.segmentSeconds(),
                hlsWindow != null ? hlsWindow : h.windowSegments(),
                hlsSettleMillis != null ? Duration.ofMillis(hlsSettleMillis) : h.settle(),
                hlsMpegtsOffset != null ? hlsMpegtsOffset : h.mpegtsOffsetSeconds(),
                hlsProgramDateTime != null ? hlsProgramDateTime : h.programDateTime()));
    // One entry per line is accepted in the file as well as comma-separated entries.
    SubscribeTokens tokens =
        tokensFile != null
            ? SubscribeTokens.parse(
                Files.readString(tokensFile).trim().replaceAll("\\s*\\n\\s*", ","))
            : c.tokens();
    if (maxMessageBytes != null) {
      c = c.withMaxMessageBytes(maxMessageBytes);
    }
    return c.withAccess(tokens, open || c.openAccess()).withGuard(guard.settings(env));
  }
}
