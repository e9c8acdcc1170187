package io.captionflow.sink;

import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.captionflow.schema.SessionState;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.hls.HlsSettings;
import io.captionflow.testsupport.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A session runs through a real broker and sink while ffprobe and ffmpeg read its live HLS WebVTT
 * playlist: ffprobe finds the subtitle stream while the session runs, ffmpeg follows the playlist
 * from its first segment until ENDLIST and must write every cue.
 */
class HlsPlaylistFfmpegITCase {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "hls+token";
  private static final long CAPTURE_AT_ZERO = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private final HttpClient http = HttpClient.newHttpClient();

  private static void requireFfmpeg() {
    if (Files.isExecutable(Path.of("/usr/bin/ffmpeg"))
        && Files.isExecutable(Path.of("/usr/bin/ffprobe"))) {
      return;
    }
    String why = "ffmpeg/ffprobe missing: apt-get install -y ffmpeg";
    if (System.getenv("CI") != null) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  /** A final of run 0 with these words; its end was captured {@code end} s after 00:00:00. */
  private static TranscriptEvent captured(String session, long sequence, Word... words) {
    TranscriptEvent e = Events.finalOf(session, 0, sequence, List.of(words));
    double end = words[words.length - 1].getEndSeconds();
    ((SubtitleSegment) e.getEvent()).setCaptureTimeMillis(CAPTURE_AT_ZERO + Math.round(end * 1000));
    return e;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Process start(String... command) throws Exception {
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Waits for a process that stops at ENDLIST; its output, or a failure with it. */
  private static String finish(Process p) throws Exception {
    if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      fail(p.info().commandLine().orElse("ffmpeg") + " did not stop at ENDLIST");
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static String run(Duration timeout, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in " + timeout);
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
    return out;
  }

  @Test
  void ffprobeAndFfmpegFollowTheLivePlaylistUntilEndlist() throws Exception {
    requireFfmpeg();
    TestKafka.Broker broker = TestKafka.shared();
    Topics topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    broker.createTopics(List.of(topics.segments()), 1);
    SinkConfig config =
        SinkConfig.defaults(broker.bootstrapServers(), topics)
            .withPort(0)
            .withHost("127.0.0.1")
            .withAccess(SubscribeTokens.parse("*=" + TOKEN), false)
            .withHls(new HlsSettings(1, 10, Duration.ofMillis(500), 10.0, true));
    String s = "hls-" + UUID.randomUUID();
    Path out = Files.createTempDirectory("captionflow-hls-").resolve("followed.vtt");
    try (SubtitleSinkServer sink = new SubtitleSinkServer(config).start();
        SegmentProducer producer =
            new SegmentProducer(broker.bootstrapServers(), topics.segments())) {
      String base = "http://127.0.0.1:" + sink.port() + "/api/sessions/" + s;
      String playlist = base + "/subtitles.m3u8?token=hls%2Btoken";

      producer.send(Events.status(s, SessionState.STARTED, 0.0));
      producer.send(Events.speech(s, true, 0.3));
      producer.send(captured(s, 0, word("good", 0.3, 0.8), word("evening", 0.9, 1.6)));
      producer.send(captured(s, 1, word("and", 1.8, 2.2), word("welcome", 2.3, 2.9)));
      // Confirmed through 2.9 s (less the 0.16 s recovery guard): segments 0 and 1 are final.
      Await.until("two segments", WAIT, () -> listed(playlist).size() == 2);
      String live = get(playlist).body();
      assertEquals(
          List.of(
              "#EXTM3U",
              "#EXT-X-VERSION:3",
              "#EXT-X-TARGETDURATION:1",
              "#EXT-X-MEDIA-SEQUENCE:0",
              "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z",
              "#EXTINF:1.000,",
              "hls/0/0.vtt?token=hls%2Btoken",
              "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:01.000Z",
              "#EXTINF:1.000,",
              "hls/0/1.vtt?token=hls%2Btoken"),
          live.lines().toList());
      assertEquals(
          "WEBVTT\n"
              + "X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
              + "0:1600\n00:00:00.300 --> 00:00:01.600\ngood evening\n\n"
              + "0:2900\n00:00:01.800 --> 00:00:02.900\nand welcome\n\n",
          get(base + "/hls/0/1.vtt?token=hls%2Btoken").body());
      assertEquals(404, get(base + "/hls/0/2.vtt?token=hls%2Btoken").statusCode());
      assertEquals(401, get(base + "/subtitles.m3u8").statusCode());
      assertEquals(401, get(base + "/hls/0/0.vtt?token=wrong").statusCode());

      // ffmpeg 5.1 reads an HLS WebVTT rendition whole before it answers: started on the live
      // playlist, both follow it (reloading it) and finish only at ENDLIST.
      Process prober =
          start(
              "ffprobe",
              "-v",
              "error",
              "-show_entries",
              "stream=codec_name,codec_type",
              "-of",
              "csv=p=0",
              playlist);
      Process follower =
          start(
              "ffmpeg",
              "-v",
              "error",
              "-live_start_index",
              "0",
              "-i",
              playlist,
              "-f",
              "webvtt",
              "-y",
              out.toString());
      // A published segment on its own, while the session runs.
      assertEquals(
          List.of("0.300000,1.300000,", "1.800000,1.100000,"),
          run(
                  WAIT,
                  "ffprobe",
                  "-v",
                  "error",
                  "-show_entries",
                  "packet=pts_time,duration_time",
                  "-of",
                  "csv=p=0",
                  base + "/hls/0/1.vtt?token=hls%2Btoken")
              .lines()
              .filter(line -> !line.isBlank())
              .toList());

      producer.send(
          captured(s, 2, word("to", 3.1, 3.4), word("the", 3.5, 3.7), word("news", 3.8, 4.4)));
      producer.send(Events.speech(s, false, 4.5));
      Await.until("four segments", WAIT, () -> listed(playlist).size() == 4);
      assertTrue(prober.isAlive(), "ffprobe follows a live playlist until ENDLIST");
      assertTrue(follower.isAlive(), "ffmpeg follows a live playlist until ENDLIST");
      producer.send(Events.status(s, SessionState.ENDED, 5.0));

      // Listed twice: as the HLS program's stream and as the input's stream.
      assertEquals(
          List.of("webvtt,subtitle", "webvtt,subtitle"),
          finish(prober).lines().filter(line -> !line.isBlank()).toList());
      finish(follower);
      List<String> ended = get(playlist).body().lines().toList();
      assertEquals("#EXT-X-ENDLIST", ended.get(ended.size() - 1));
      assertEquals(5, listed(playlist).size());
      // A cue spanning two segments is in both (as HLS asks); ffmpeg drops the repeat as players
      // do.
      assertEquals(
          "WEBVTT\n\n"
              + "00:00.300 --> 00:01.600\ngood evening\n\n"
              + "00:01.800 --> 00:02.900\nand welcome\n\n"
              + "00:03.100 --> 00:04.400\nto the news\n",
          Files.readString(out));
    }
  }

  private List<String> listed(String playlist) {
    try {
      List<String> uris = new ArrayList<>();
      for (String line : get(playlist).body().lines().toList()) {
        if (line.startsWith("hls/")) {
          uris.add(line);
        }
      }
      return uris;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
