package io.captionflow.ingest.source.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Reconnects, silence for outages and giving up, against scripted connections and a test clock. */
class UrlSourceTest {

  private static final StreamUrl URL = new StreamUrl("http://127.0.0.1:9/live");
  private static final StreamConnection.Ending EOF =
      new StreamConnection.Ending("ffmpeg exited with code 0", false, true);
  private static final StreamConnection.Ending REFUSED =
      new StreamConnection.Ending("ffmpeg exited with code 1: Connection refused", false, false);

  private final AtomicLong clock = new AtomicLong();
  private final List<StreamEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void aDropIsBridgedBySilenceAsLongAsTheOutageThenTheNewAudioFollows() throws Exception {
    float[] before = ramp(1000, 0.001f);
    float[] after = ramp(500, -0.002f);
    ScriptedConnector connector =
        new ScriptedConnector(clock)
            .then(PcmCodec.encodePcm16(before), EOF, 1_000_000_000L)
            .then(new byte[0], REFUSED, -1)
            .then(PcmCodec.encodePcm16(after), EOF, 3_500_000_000L); // 2.5 s after the drop
    UrlSource source = source(connector, settings(false, Duration.ofSeconds(5)));

    float[] got = readSamples(source, 1000 + 40_000 + 500);
    source.stop();
    assertEquals(-1, source.read(new float[1600]));
    source.close();

    float[] expected = new float[1000 + 40_000 + 500];
    System.arraycopy(pcm16(before), 0, expected, 0, 1000);
    System.arraycopy(pcm16(after), 0, expected, 41_000, 500);
    assertArrayEquals(expected, got);
    assertEquals(
        List.of(
            new StreamEvent.Connected(URL, 1),
            new StreamEvent.Dropped("ffmpeg exited with code 0", 1000 / 16000.0),
            new StreamEvent.TryFailed(
                1, 4, "ffmpeg exited with code 1: Connection refused", Duration.ofMillis(10)),
            new StreamEvent.Reconnected(Duration.ofMillis(2500), 40_000, 2)),
        events.stream().filter(e -> !(e instanceof StreamEvent.Receiving)).toList());
    assertEquals(
        "reconnected (try 2) after a 2.5 s outage: 2.500 s of silence inserted",
        events.get(3).line());
  }

  @Test
  void aStreamThatStopsSendingCountsAsDroppedAfterTheStallTimeout() throws Exception {
    ScriptedConnector connector =
        new ScriptedConnector(clock)
            .thenStalling(PcmCodec.encodePcm16(ramp(800, 0.001f)), 0)
            .then(PcmCodec.encodePcm16(ramp(800, 0.001f)), EOF, 1_200_000_000L);
    UrlSource source =
        new UrlSource(
            URL,
            connector,
            new ReconnectSettings(backOff(4), Duration.ofMillis(200), false, Duration.ofHours(1)),
            clock::get,
            events::add);

    float[] got = readSamples(source, 800 + 19_200 + 800);
    source.close();

    assertEquals(
        List.of(
            new StreamEvent.Connected(URL, 1),
            new StreamEvent.Dropped("no audio for 0.2 s", 800 / 16000.0),
            new StreamEvent.Reconnected(Duration.ofMillis(1200), 19_200, 1)),
        events.stream().filter(e -> !(e instanceof StreamEvent.Receiving)).toList());
    float[] expected = new float[20_800];
    System.arraycopy(pcm16(ramp(800, 0.001f)), 0, expected, 0, 800);
    System.arraycopy(pcm16(ramp(800, 0.001f)), 0, expected, 20_000, 800);
    assertArrayEquals(expected, got);
  }

  @Test
  void aUrlThatNeverAnswersFailsAfterItsTriesNamingTheLastReason() {
    ScriptedConnector connector = new ScriptedConnector(clock);
    for (int i = 0; i < 4; i++) {
      connector.then(new byte[0], REFUSED, 250_000_000L * i);
    }
    UrlSource source = source(connector, settings(false, Duration.ofSeconds(5)));

    StreamUnavailableException e = assertThrows(StreamUnavailableException.class, source::connect);

    assertEquals(
        "http://127.0.0.1:9/live never answered: 4 tries in 0.8 s; last: ffmpeg exited with code"
            + " 1: Connection refused",
        e.getMessage());
    assertFalse(e.everConnected());
    assertEquals(4, connector.opened);
    assertEquals(
        List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(20)),
        events.stream().map(ev -> ((StreamEvent.TryFailed) ev).nextDelay()).toList());
  }

  @Test
  void aStreamThatDropsAndDoesNotComeBackFailsSayingSo() throws Exception {
    ScriptedConnector connector =
        new ScriptedConnector(clock).then(PcmCodec.encodePcm16(ramp(1600, 0.0001f)), EOF, 0);
    for (int i = 0; i < 4; i++) {
      connector.then(new byte[0], REFUSED, 1_000_000_000L * (i + 1));
    }
    UrlSource source = source(connector, settings(false, Duration.ofSeconds(5)));
    readSamples(source, 1600);

    StreamUnavailableException e =
        assertThrows(StreamUnavailableException.class, () -> source.read(new float[1600]));

    assertEquals(
        "http://127.0.0.1:9/live did not come back: 4 tries in 4.0 s after the drop at 0.1 s;"
            + " last: ffmpeg exited with code 1: Connection refused",
        e.getMessage());
    assertTrue(e.everConnected());
  }

  @Test
  void anUnknownProtocolIsABadUrlAtOnce() {
    ScriptedConnector connector =
        new ScriptedConnector(clock)
            .then(
                new byte[0],
                new StreamConnection.Ending(
                    "ffmpeg exited with code 1: foo://x: Protocol not found", true, false),
                -1);
    UrlSource source =
        new UrlSource(
            new StreamUrl("foo://x"),
            connector,
            settings(false, Duration.ofSeconds(5)),
            clock::get,
            events::add);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, source::connect);

    assertEquals(
        "bad URL foo://x: ffmpeg exited with code 1: foo://x: Protocol not found", e.getMessage());
    assertEquals(1, connector.opened);
  }

  @Test
  void withEndAtEofAStreamThatEndsByItselfEndsTheSource() throws Exception {
    float[] audio = ramp(2000, 0.0003f);
    ScriptedConnector connector =
        new ScriptedConnector(clock).then(PcmCodec.encodePcm16(audio), EOF, 0);
    UrlSource source = source(connector, settings(true, Duration.ofSeconds(5)));

    float[] got = readSamples(source, 2000);

    assertEquals(-1, source.read(new float[1600]));
    assertArrayEquals(pcm16(audio), got);
    assertEquals(1, connector.opened);
  }

  @Test
  void progressIsToldAtTheGivenIntervalOfTheClock() throws Exception {
    ScriptedConnector connector =
        new ScriptedConnector(clock)
            .then(PcmCodec.encodePcm16(ramp(1600, 0.0001f)), EOF, 0)
            .then(PcmCodec.encodePcm16(ramp(1600, 0.0001f)), EOF, 2_000_000_000L);
    UrlSource source = source(connector, settings(false, Duration.ofSeconds(1)));

    readSamples(source, 1600 + 32_000 + 1600);
    source.close();

    List<StreamEvent> progress =
        events.stream().filter(e -> e instanceof StreamEvent.Receiving).toList();
    assertEquals(
        List.of(new StreamEvent.Receiving(3200 / 16000.0, 3200 + 1600, 1, 32_000)), progress);
    assertEquals(
        "0.2 s published, 0.0 MB received, 1 reconnect(s), 2.0 s of silence inserted",
        progress.get(0).line());
  }

  private UrlSource source(ScriptedConnector connector, ReconnectSettings settings) {
    return new UrlSource(URL, connector, settings, clock::get, events::add);
  }

  private static ReconnectSettings settings(boolean endAtEof, Duration progressEvery) {
    return new ReconnectSettings(backOff(4), Duration.ofSeconds(5), endAtEof, progressEvery);
  }

  private static BackOff backOff(int tries) {
    return new BackOff(Duration.ofMillis(10), Duration.ofMillis(20), tries);
  }

  /** Exactly {@code total} samples, read the way the pump reads: 100 ms at a time. */
  private static float[] readSamples(UrlSource source, int total) throws IOException {
    float[] all = new float[total];
    int filled = 0;
    while (filled < total) {
      float[] dst = new float[Math.min(1600, total - filled)];
      int n = source.read(dst);
      if (n < 0) {
        throw new AssertionError("ended after " + filled + " of " + total + " samples");
      }
      System.arraycopy(dst, 0, all, filled, n);
      filled += n;
    }
    return all;
  }

  private static float[] ramp(int n, float step) {
    float[] samples = new float[n];
    for (int i = 0; i < n; i++) {
      samples[i] = ((i % 200) - 100) * step;
    }
    return samples;
  }

  /** What the samples become after a trip through PCM16. */
  private static float[] pcm16(float[] samples) {
    return PcmCodec.decodePcm16(PcmCodec.encodePcm16(samples), 0, samples.length * 2);
  }

  private static void assertArrayEquals(float[] expected, float[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }
}
