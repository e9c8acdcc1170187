package io.captionflow.ingest.cli;

import io.captionflow.ingest.source.url.BackOff;
import io.captionflow.ingest.source.url.FfmpegConnector;
import io.captionflow.ingest.source.url.ReconnectSettings;
import io.captionflow.ingest.source.url.StreamUnavailableException;
import io.captionflow.ingest.source.url.StreamUrl;
import io.captionflow.ingest.source.url.UrlSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bridge url URL}: a live stream (SRT, RTMP, HLS, Icecast, anything ffmpeg reads) as one
 * session that survives drops.
 */
@Command(
    name = "url",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a live stream (srt://, rtmp://, http(s):// HLS or Icecast, anything ffmpeg reads) as"
          + " one session.",
      "When it drops it is reconnected with back-off; the same session goes on and the outage is"
          + " published as silence as long as it lasted. Ctrl-C ends the session.",
      "Exit codes: 0 ended (Ctrl-C, or --end-at-eof), 1 the stream dropped and did not come back"
          + " (or publishing failed), 2 bad URL or option, 3 the URL never answered."
    })
public class UrlCommand implements Callable<Integer> {

  static final int NEVER_ANSWERED = 3;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description =
          "Stream address, e.g. srt://host:9000, rtmp://host/live/key, https://host/a.m3u8")
  String url;

  @Mixin SessionOptions session;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--stall-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "No audio for this long counts as a drop (default: ${DEFAULT-VALUE})")
  double stallSeconds;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Give up after N consecutive tries without audio; exit 3 if it never answered, 1 if it"
              + " dropped (default: ${DEFAULT-VALUE})")
  int retries;

  @Option(
      names = "--retry-wait",
      paramLabel = "SECONDS",
      defaultValue = "0.5",
      description =
          "Wait after the first failed try, doubling each time (default: ${DEFAULT-VALUE})")
  double retryWaitSeconds;

  @Option(
      names = "--retry-max-wait",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Longest wait between two tries (default: ${DEFAULT-VALUE})")
  double retryMaxWaitSeconds;

  @Option(
      names = "--realtime",
      description =
          "Read at the input's native rate (ffmpeg -re): for a recording served over a URL; live"
              + " streams pace themselves")
  boolean realtime;

  @Option(
      names = "--end-at-eof",
      description =
          "A stream that ends by itself (ffmpeg exits normally) ends the session instead of being"
              + " reconnected")
  boolean endAtEof;

  @Option(
      names = "--progress-every",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Progress line on stderr this often (default: ${DEFAULT-VALUE})")
  double progressSeconds;

  @Override
  public Integer call() throws Exception {
    UrlSource source;
    try {
      ReconnectSettings settings =
          new ReconnectSettings(
              new BackOff(seconds(retryWaitSeconds), seconds(retryMaxWaitSeconds), retries),
              seconds(stallSeconds),
              endAtEof,
              seconds(progressSeconds));
      source =
          new UrlSource(
              new StreamUrl(url),
              new FfmpegConnector(realtime),
              settings,
              System::nanoTime,
              event -> System.err.println("url: " + event.line()));
      session.sessionId();
      session.settings(source.description());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              source.stop();
              try {
                // the session's end-of-stream chunk and END must reach Kafka before the JVM goes
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "url-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      try {
        source.connect(); // before the session starts: a dead URL publishes nothing
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        source.close();
        return 2;
      } catch (StreamUnavailableException e) {
        System.err.println("error: " + e.getMessage());
        source.close();
        return NEVER_ANSWERED;
      }
      return Commands.report(
          () ->
              SourceIngest.run(
                  kafka.toConfig(),
                  session.sessionId(),
                  session.settings(source.description()),
                  source,
                  0,
                  (done, total) -> {}),
          session.sessionId);
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and now lets the JVM go
      }
    }
  }

  private static Duration seconds(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("durations must be > 0 seconds, got " + seconds);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
