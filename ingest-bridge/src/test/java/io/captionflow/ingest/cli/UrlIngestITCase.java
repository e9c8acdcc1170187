package io.captionflow.ingest.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.source.FfmpegSource;
import io.captionflow.ingest.source.url.BackOff;
import io.captionflow.ingest.source.url.FfmpegConnector;
import io.captionflow.ingest.source.url.ReconnectSettings;
import io.captionflow.ingest.source.url.StreamEvent;
import io.captionflow.ingest.source.url.StreamUrl;
import io.captionflow.ingest.source.url.UrlSource;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bridge url} against ffmpeg serving a tone over HTTP on 127.0.0.1 ({@code -listen 1}: one
 * client, then it exits, which the bridge sees as a drop); skipped where ffmpeg is not installed.
 */
class UrlIngestITCase {

  private static final int TONE_SAMPLES = 32_000; // each server sends 2 s

  private final TestKafka.Broker broker = TestKafka.shared();
  private Topics topics;
  private String prefix;
  private BridgeConfig config;

  @BeforeEach
  void topics() {
    assumeTrue(FfmpegSource.isInstalled(), "ffmpeg is not installed");
    topics = TestTopics.create(broker, 3);
    prefix = topics.audio().substring(0, topics.audio().length() - Topics.DEFAULT.audio().length());
    config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
  }

  @Test
  void aStreamThatDropsAndComesBackIsOneSessionWithTheOutageAsSilence() throws Exception {
    int port = freePort();
    String url = "http://127.0.0.1:" + port + "/live.wav";
    List<StreamEvent> events = new CopyOnWriteArrayList<>();
    UrlSource source =
        new UrlSource(
            new StreamUrl(url),
            new FfmpegConnector(false),
            new ReconnectSettings(
                new BackOff(Duration.ofMillis(50), Duration.ofMillis(200), 200),
                Duration.ofSeconds(5),
                false,
                Duration.ofSeconds(1)),
            System::nanoTime,
            events::add);
    Process first = serveTone(port, 440, 2);
    FutureTask<SourceIngest.Result> ingest =
        new FutureTask<>(
            () ->
                SourceIngest.run(
                    config,
                    "url-drop",
                    new StartSettings("en", null, source.description()),
                    source,
                    0,
                    (done, total) -> {}));
    new Thread(ingest, "url-ingest").start();

    assertTrue(first.waitFor(60, TimeUnit.SECONDS));
    long firstEnded = System.nanoTime();
    Thread.sleep(1500); // the outage
    long secondStarted = System.nanoTime();
    Process second = serveTone(port, 880, 2);
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    awaitDrops(events, 2);
    source.stop();
    SourceIngest.Result result = ingest.get(60, TimeUnit.SECONDS);

    List<StreamEvent.Reconnected> reconnects =
        events.stream()
            .filter(StreamEvent.Reconnected.class::isInstance)
            .map(StreamEvent.Reconnected.class::cast)
            .toList();
    assertEquals(1, reconnects.size(), events.toString());
    long silence = reconnects.get(0).silenceSamples();
    List<AudioChunk> chunks = chunksOf("url-drop");
    long total = 2L * TONE_SAMPLES + silence;
    assertEquals(total, result.samples16k());
    assertEquals(total / 1600 + 1, chunks.size());
    assertEquals(
        LongStream.range(0, chunks.size()).boxed().toList(),
        chunks.stream().map(AudioChunk::getSequence).toList()); // one session, no gap
    assertEquals(
        chunks.size() - 1,
        chunks.stream().filter(c -> !c.getEndOfStream()).count()); // only the last ends it
    List<SessionEvent> sessionEvents = eventsOf("url-drop", 2);
    assertEquals(
        List.of(SessionEventType.START, SessionEventType.END),
        sessionEvents.stream().map(SessionEvent::getType).toList());
    assertEquals(chunks.size() - 1, sessionEvents.get(1).getLastSequence());
    assertEquals("url:" + url, sessionEvents.get(0).getSourceDescription());

    short[] published = samples(FileAndStdinIngestITCase.concat(chunks));
    assertArrayEquals(tone(440, 2), Arrays.copyOfRange(published, 0, TONE_SAMPLES));
    assertArrayEquals(
        new short[(int) silence],
        Arrays.copyOfRange(published, TONE_SAMPLES, TONE_SAMPLES + (int) silence));
    assertArrayEquals(
        tone(880, 2),
        Arrays.copyOfRange(published, TONE_SAMPLES + (int) silence, published.length));
    // from the first server's end to the second's start, plus at most one retry wait (0.2 s) and
    // the second server's start-up; the last audio left the first server just before it exited
    double serverGap = (secondStarted - firstEnded) / 1e9;
    double silenceSeconds = silence / 16000.0;
    System.out.printf(
        "outage between the servers %.3f s, silence published %.3f s%n", serverGap, silenceSeconds);
    assertTrue(
        silenceSeconds >= serverGap - 0.25 && silenceSeconds <= serverGap + 0.75,
        "silence " + silenceSeconds + " s for a gap of " + serverGap + " s between the servers");
  }

  @Test
  void endAtEofPublishesARecordingServedOverHttpExactly() throws Exception {
    int port = freePort();
    String url = "http://127.0.0.1:" + port + "/talk.wav";
    Process server = serveTone(port, 440, 1);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        withStderr(
            err,
            () ->
                new CommandLine(new BridgeCommand())
                    .execute(
                        "url",
                        url,
                        "--end-at-eof",
                        "--session",
                        "url-eof",
                        "--retry-wait",
                        "0.05",
                        "--retry-max-wait",
                        "0.2",
                        "--retries",
                        "100",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--topic-prefix",
                        prefix));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, stderr);
    assertTrue(server.waitFor(30, TimeUnit.SECONDS));
    List<AudioChunk> chunks = chunksOf("url-eof");
    assertEquals(16000 / 1600 + 1, chunks.size());
    assertArrayEquals(tone(440, 1), samples(FileAndStdinIngestITCase.concat(chunks)));
    assertTrue(stderr.contains("url: connected to " + url), stderr);
    assertTrue(
        stderr.endsWith(
            "session url-eof: 11 chunks, 1.00 s of 16 kHz audio published (source 16000 Hz)\n"),
        stderr);
  }

  @Test
  void aUrlThatNeverAnswersExitsWithThreeNamingTheTriesAndTheReason() throws Exception {
    String url = "http://127.0.0.1:" + freePort() + "/nothing";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        withStderr(
            err,
            () ->
                new CommandLine(new BridgeCommand())
                    .execute(
                        "url",
                        url,
                        "--session",
                        "url-none",
                        "--retries",
                        "2",
                        "--retry-wait",
                        "0.05",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--topic-prefix",
                        prefix));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(UrlCommand.NEVER_ANSWERED, exit, stderr);
    assertTrue(
        stderr.startsWith(
            "url: try 1 of 2 failed (ffmpeg exited with code 1: "
                + url
                + ": Connection refused); next in 0.1 s\n"
                + "error: "
                + url
                + " never answered: 2 tries in "),
        stderr);
    assertTrue(
        stderr.endsWith("; last: ffmpeg exited with code 1: " + url + ": Connection refused\n"),
        stderr);
  }

  @Test
  void badUrlsExitWithTwoNamingTheProblem() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int noScheme =
        withStderr(
            err,
            () ->
                new CommandLine(new BridgeCommand())
                    .execute("url", "talk.wav", "--session", "url-bad"));
    assertEquals(2, noScheme);
    assertEquals(
        "error: bad URL 'talk.wav': no scheme (expected e.g. srt://, rtmp://, http://, https://;"
            + " for a file use 'bridge file')\n",
        err.toString(StandardCharsets.UTF_8));

    err.reset();
    int unknownProtocol =
        withStderr(
            err,
            () ->
                new CommandLine(new BridgeCommand())
                    .execute("url", "nosuchproto://host/x", "--session", "url-bad"));
    assertEquals(2, unknownProtocol);
    assertEquals(
        "error: bad URL nosuchproto://host/x: ffmpeg exited with code 1: nosuchproto://host/x:"
            + " Protocol not found\n",
        err.toString(StandardCharsets.UTF_8));
  }

  /** ffmpeg serving {@code seconds} of a sine as WAV to one HTTP client, paced in real time. */
  private static Process serveTone(int port, int hertz, int seconds) throws IOException {
    return new ProcessBuilder(
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-re",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=" + hertz + ":sample_rate=16000:duration=" + seconds,
            "-ac",
            "1",
            "-f",
            "wav",
            "-listen",
            "1",
            "http://127.0.0.1:" + port + "/")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The same sine decoded locally: what the bridge must have published. */
  private static short[] tone(int hertz, int seconds) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=" + hertz + ":sample_rate=16000:duration=" + seconds,
                "-f",
                "s16le",
                "-ac",
                "1",
                "-")
            .start();
    byte[] pcm = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
    return samples(pcm);
  }

  private static short[] samples(byte[] pcm16) {
    short[] out = new short[pcm16.length / 2];
    java.nio.ByteBuffer.wrap(pcm16)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .asShortBuffer()
        .get(out);
    return out;
  }

  private static void awaitDrops(List<StreamEvent> events, int drops) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (events.stream().filter(StreamEvent.Dropped.class::isInstance).count() < drops) {
      assertTrue(System.nanoTime() < deadline, "no " + drops + " drops: " + events);
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private interface Run {
    int run() throws Exception;
  }

  private static int withStderr(ByteArrayOutputStream err, Run run) throws Exception {
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return run.run();
    } finally {
      System.setErr(original);
    }
  }

  private List<AudioChunk> chunksOf(String session) {
    return KafkaRecords.chunksOf(broker.bootstrapServers(), topics.audio(), session);
  }

  private List<SessionEvent> eventsOf(String session, int count) {
    return KafkaRecords.eventsOf(broker.bootstrapServers(), topics.sessionEvents(), session, count);
  }
}
