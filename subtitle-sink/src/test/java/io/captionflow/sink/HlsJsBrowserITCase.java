package io.captionflow.sink;

import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.Topics;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.hls.HlsSettings;
import io.captionflow.testsupport.TestKafka;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium plays, with hls.js, a master playlist whose SUBTITLES group is the sink's HLS
 * rendition of a session beside an ffmpeg-made video: the subtitle track must hold every cue at its
 * session time (the X-TIMESTAMP-MAP offset is the video's first MPEG-TS time). hls.js comes from
 * {@code subtitle-sink/scripts/fetch-hlsjs.sh} (npm, checksum-verified), never from the sink.
 */
class HlsJsBrowserITCase {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path HLS_JS =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "CAPTIONFLOW_HLSJS_DIR",
                  System.getProperty("user.home") + "/.cache/captionflow/hls.js-1.5.20"),
          "hls.min.js");
  private static final String TOKEN = "player-token";

  private static void require(boolean present, String why) {
    if (present) {
      return;
    }
    if (System.getenv("CI") != null) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  private static void ffmpeg(Path dir, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("ffmpeg failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  /** The first frame's MPEG-TS presentation time in seconds (1.48 for ffmpeg's libx264 output). */
  private static double firstPresentationSeconds(Path ts) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-read_intervals",
                "%+#1",
                "-show_entries",
                "packet=pts_time",
                "-of",
                "csv=p=0",
                ts.toString())
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("ffprobe failed on " + ts + ": " + out);
    }
    return Double.parseDouble(out.replace(",", ""));
  }

  /** Serves the files of {@code dir} on loopback (the video, master playlist, page and hls.js). */
  private static HttpServer serve(Path dir) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] body = Files.readAllBytes(file);
          String name = file.getFileName().toString();
          exchange
              .getResponseHeaders()
              .put(
                  "Content-Type",
                  List.of(
                      name.endsWith(".m3u8")
                          ? "application/vnd.apple.mpegurl"
                          : name.endsWith(".ts")
                              ? "video/mp2t"
                              : name.endsWith(".js") ? "text/javascript" : "text/html"));
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void hlsJsShowsTheSessionsSubtitleTrackBesideAVideo() throws Exception {
    require(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless Chromium missing: apt-get install -y chromium chromium-driver");
    require(
        Files.isExecutable(Path.of("/usr/bin/ffmpeg")),
        "ffmpeg missing: apt-get install -y ffmpeg");
    require(
        Files.isRegularFile(HLS_JS), "hls.js missing: run subtitle-sink/scripts/fetch-hlsjs.sh");

    Path site = Files.createTempDirectory("captionflow-hlsjs-").toRealPath();
    Files.copy(HLS_JS, site.resolve("hls.min.js"));
    try (InputStream page = getClass().getResourceAsStream("hls/player.html")) {
      Files.copy(page, site.resolve("player.html"));
    }
    ffmpeg(
        site,
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=320x240:rate=25",
        "-t",
        "6",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-g",
        "25",
        "-f",
        "hls",
        "-hls_time",
        "2",
        "-hls_playlist_type",
        "vod",
        "video.m3u8");

    // Session time 0 is the video's first frame: its presentation time is the offset to configure.
    double videoStart = firstPresentationSeconds(site.resolve("video0.ts"));

    TestKafka.Broker broker = TestKafka.shared();
    Topics topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    broker.createTopics(List.of(topics.segments()), 1);
    SinkConfig config =
        SinkConfig.defaults(broker.bootstrapServers(), topics)
            .withPort(0)
            .withHost("127.0.0.1")
            .withAccess(SubscribeTokens.parse("stage=" + TOKEN), false)
            .withHls(new HlsSettings(2, 10, Duration.ofMillis(500), videoStart, true));
    HttpServer files = serve(site);
    ChromeDriver browser = null;
    try (SubtitleSinkServer sink = new SubtitleSinkServer(config).start();
        SegmentProducer producer =
            new SegmentProducer(broker.bootstrapServers(), topics.segments())) {
      producer.send(Events.status("stage", SessionState.STARTED, 0.0));
      producer.send(
          Events.finalOf(
              "stage", 0, 0, List.of(word("good", 0.3, 0.8), word("evening", 0.9, 1.6))));
      producer.send(
          Events.finalOf("stage", 0, 1, List.of(word("and", 1.8, 2.2), word("welcome", 2.3, 2.9))));
      producer.send(
          Events.finalOf("stage", 0, 2, List.of(word("to", 4.1, 4.4), word("all", 4.5, 5.2))));
      producer.send(Events.status("stage", SessionState.ENDED, 6.0));
      String subtitles =
          "http://127.0.0.1:" + sink.port() + "/api/sessions/stage/subtitles.m3u8?token=" + TOKEN;
      Await.until(
          "the ended playlist",
          Duration.ofSeconds(20),
          () -> {
            try {
              return java.net.http.HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(java.net.URI.create(subtitles)).build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString())
                  .body()
                  .contains("#EXT-X-ENDLIST");
            } catch (Exception e) {
              return false;
            }
          });
      Files.writeString(
          site.resolve("master.m3u8"),
          "#EXTM3U\n#EXT-X-VERSION:3\n"
              + "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English (live)\",LANGUAGE=\"en\","
              + "DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI=\""
              + subtitles
              + "\"\n"
              + "#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=320x240,CODECS=\"avc1.64000d\","
              + "SUBTITLES=\"subs\"\n"
              + "video.m3u8\n");

      System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--autoplay-policy=no-user-gesture-required",
          "--user-data-dir=" + Files.createTempDirectory("captionflow-chromium-"),
          "--disable-dev-shm-usage");
      browser =
          new ChromeDriver(
              new ChromeDriverService.Builder()
                  .usingDriverExecutable(CHROMEDRIVER.toFile())
                  .usingAnyFreePort()
                  .build(),
              options);
      browser.get("http://127.0.0.1:" + files.getAddress().getPort() + "/player.html");
      ChromeDriver b = browser;
      List<String> expected =
          List.of("0.300-1.600 good evening", "1.800-2.900 and welcome", "4.100-5.200 to all");
      try {
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(d -> expected.equals(b.executeScript("return window.cues();")));
      } catch (org.openqa.selenium.TimeoutException e) {
        fail(
            "cues "
                + b.executeScript("return window.cues();")
                + ", hls.js errors "
                + b.executeScript("return window.hlsErrors;"));
      }
      assertEquals(List.of(), browser.executeScript("return window.hlsErrors;"));
    } finally {
      if (browser != null) {
        browser.quit();
      }
      files.stop(0);
    }
  }
}
