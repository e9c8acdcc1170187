package io.captionflow.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.TestData;
import io.captionflow.ingest.cli.ReplayCommand;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Record a real session, replay it from the topic: the chunks come back byte for byte under a new
 * id.
 */
class ReplayITCase {

  private static TestKafka.Broker broker;
  private static Topics topics;
  private static String prefix;

  @TempDir Path dir;

  @BeforeAll
  static void record() throws Exception {
    broker = TestKafka.shared();
    topics = TestTopics.create(broker, 3);
    prefix = topics.audio().substring(0, topics.audio().length() - Topics.DEFAULT.audio().length());
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
    SourceIngest.run(
        config,
        "talk",
        new StartSettings("en", "pause-based", "file:0.wav"),
        AudioFiles.open(TestData.speech("0.wav")),
        0,
        (d, t) -> {});
    SourceIngest.run(
        config,
        "panel",
        new StartSettings("en", null, "file:1.wav", true, 3),
        AudioFiles.open(TestData.speech("1.wav")),
        0,
        (d, t) -> {});
  }

  @Test
  void replayCarriesTheOriginalsDiarizationSettings() throws Exception {
    assertEquals("panel-copy", replay("--session", "panel", "--as", "panel-copy", "--max"));
    SessionEvent start = eventsOf("panel-copy", 2).get(0);
    assertEquals(true, start.getDiarization());
    assertEquals(3, start.getMaxSpeakers());
  }

  @Test
  void replayRepublishesTheChunksByteForByteWithStartAndEnd() throws Exception {
    List<AudioChunk> original = chunksOf("talk");
    assertEquals("talk-replay-1", replay("--session", "talk", "--max"));
    List<AudioChunk> copy = chunksOf("talk-replay-1");
    assertEquals(original.size(), copy.size());
    for (int i = 0; i < original.size(); i++) {
      AudioChunk a = original.get(i);
      AudioChunk b = copy.get(i);
      assertEquals(a.getSequence(), b.getSequence());
      assertEquals(a.getEndOfStream(), b.getEndOfStream());
      assertEquals(a.getSampleRate(), b.getSampleRate());
      assertEquals(a.getEncoding(), b.getEncoding());
      assertArrayEquals(bytes(a), bytes(b), "chunk " + i);
    }
    List<SessionEvent> events = eventsOf("talk-replay-1", 2);
    assertEquals(SessionEventType.START, events.get(0).getType());
    assertEquals("en", events.get(0).getLanguage());
    assertEquals("pause-based", events.get(0).getLatencyMode());
    assertEquals("replay:talk", events.get(0).getSourceDescription());
    assertEquals(SessionEventType.END, events.get(1).getType());
    assertEquals(null, events.get(0).getLastSequence());
    assertEquals(original.size() - 1L, events.get(1).getLastSequence());

    // the next default id counts on
    assertEquals("talk-replay-2", replay("--session", "talk", "--speed", "50"));
    assertEquals(original.size(), chunksOf("talk-replay-2").size());
  }

  @Test
  void replayFromALaterPointUnderAChosenIdRenumbersFromZero() throws Exception {
    List<AudioChunk> original = chunksOf("talk");
    assertEquals(
        "talk-tail", replay("--session", "talk", "--as", "talk-tail", "--from", "2.05", "--max"));
    List<AudioChunk> tail = chunksOf("talk-tail");
    assertEquals(original.size() - 20, tail.size()); // 2.05 s lies in chunk 20 (2.0-2.1 s)
    for (int i = 0; i < tail.size(); i++) {
      assertEquals(i, tail.get(i).getSequence());
      assertArrayEquals(bytes(original.get(20 + i)), bytes(tail.get(i)));
    }
  }

  @Test
  void exportWritesTheRecordingAsTheOriginalWavFile() throws Exception {
    Path out = dir.resolve("talk.wav");
    assertEquals(
        0,
        new CommandLine(new ReplayCommand())
            .execute(
                "--session",
                "talk",
                "--to-file",
                out.toString(),
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic-prefix",
                prefix));
    assertArrayEquals(Files.readAllBytes(TestData.speech("0.wav")), Files.readAllBytes(out));
  }

  @Test
  void unknownSessionsAndBadIdsAreClearErrors() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      assertEquals(
          1,
          new CommandLine(new ReplayCommand())
              .execute(
                  "--session",
                  "nobody",
                  "--max",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix));
      assertEquals(
          1,
          new CommandLine(new ReplayCommand())
              .execute(
                  "--session",
                  "talk",
                  "--as",
                  "bad id",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix));
      assertEquals(
          1,
          new CommandLine(new ReplayCommand())
              .execute(
                  "--session",
                  "talk",
                  "--from",
                  "99",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix));
    } finally {
      System.setErr(originalErr);
    }
    assertTrue(err.toString().contains("no recorded chunks for session 'nobody'"), err.toString());
    assertTrue(err.toString().contains("invalid session id 'bad id'"), err.toString());
    assertTrue(
        err.toString().contains("--from 99.00 s is outside the recording (6.63 s)"),
        err.toString());
  }

  private static String replay(String... args) {
    PrintStream originalOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    try {
      String[] all =
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(args),
                  java.util.stream.Stream.of(
                      "--bootstrap", broker.bootstrapServers(), "--topic-prefix", prefix))
              .toArray(String[]::new);
      assertEquals(0, new CommandLine(new ReplayCommand()).execute(all));
    } finally {
      System.setOut(originalOut);
    }
    return out.toString().strip();
  }

  private static List<AudioChunk> chunksOf(String session) {
    return KafkaRecords.chunksOf(broker.bootstrapServers(), topics.audio(), session);
  }

  private static List<SessionEvent> eventsOf(String session, int count) {
    return KafkaRecords.eventsOf(broker.bootstrapServers(), topics.sessionEvents(), session, count);
  }

  private static byte[] bytes(AudioChunk c) {
    byte[] b = new byte[c.getPcm().remaining()];
    c.getPcm().duplicate().get(b);
    return b;
  }
}
