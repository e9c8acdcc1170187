package io.captionflow.ingest.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.PcmCodec;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.TestData;
import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Real recordings through the file and stdin sources into a real broker, read back and compared.
 */
class FileAndStdinIngestITCase {

  private final TestKafka.Broker broker = TestKafka.shared();
  private Topics topics;
  private String prefix;
  private BridgeConfig config;

  @TempDir Path dir;

  @BeforeEach
  void topics() {
    topics = TestTopics.create(broker, 3);
    prefix = topics.audio().substring(0, topics.audio().length() - Topics.DEFAULT.audio().length());
    config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(topics);
  }

  @Test
  void eightKilohertzFileBecomesSixteenKilohertzChunksMatchingItsDuration() throws Exception {
    Path wav = TestData.speech("8k.wav");
    SourceIngest.Result result =
        SourceIngest.run(
            config,
            "file-8k",
            new StartSettings("en", "speedy", "file:8k.wav"),
            AudioFiles.open(wav),
            0,
            (done, total) -> {});

    PcmAudio source = WavReader.read(wav);
    long expectedSamples = 2L * source.samples().length; // 8 kHz -> 16 kHz
    List<AudioChunk> chunks = chunksOf("file-8k");
    assertEquals(expectedSamples / 1600 + 1, chunks.size());
    assertEquals(chunks.size(), result.chunks());
    byte[] published = concat(chunks);
    assertEquals(expectedSamples * 2, published.length);
    assertEquals(source.durationSeconds(), published.length / 2 / 16000.0, 1e-9);

    // the stream, chunk by chunk, equals the one-shot resampling of the whole file
    float[] reference = Resampler.of(8000, 16000).resample(source.samples());
    assertArrayEquals(PcmCodec.encodePcm16(reference), published);
    double snr = soxSnr(wav, PcmCodec.decodePcm16(published));
    if (!Double.isNaN(snr)) {
      System.out.printf("published 8k.wav vs sox rate -h: SNR %.1f dB%n", snr);
      assertTrue(snr > 38, "SNR against sox " + snr); // measured 41.2 dB
    }

    List<SessionEvent> events = eventsOf("file-8k", 2);
    assertEquals(SessionEventType.START, events.get(0).getType());
    assertEquals("en", events.get(0).getLanguage());
    assertEquals("speedy", events.get(0).getLatencyMode());
    assertEquals("file:8k.wav", events.get(0).getSourceDescription());
    assertEquals(SessionEventType.END, events.get(1).getType());
  }

  @Test
  void sixteenKilohertzFileIsPublishedByteForByte() throws Exception {
    Path wav = TestData.speech("0.wav");
    SourceIngest.run(
        config,
        "file-16k",
        new StartSettings(null, null, "file:0.wav"),
        AudioFiles.open(wav),
        0,
        (done, total) -> {});
    byte[] file = Files.readAllBytes(wav);
    assertArrayEquals(
        java.util.Arrays.copyOfRange(file, 44, file.length), concat(chunksOf("file-16k")));
  }

  @Test
  void stdinCommandPublishesPipedRawPcmInAnyReadSizes() throws Exception {
    byte[] file = Files.readAllBytes(TestData.speech("1.wav"));
    byte[] pcm = java.util.Arrays.copyOfRange(file, 44, file.length);
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream pipe = new PipedInputStream(writer, 4096);
    Thread feeder =
        new Thread(
            () -> {
              try (writer) {
                for (int pos = 0; pos < pcm.length; pos += 777) { // odd-sized writes split samples
                  writer.write(pcm, pos, Math.min(777, pcm.length - pos));
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    InputStream originalIn = System.in;
    System.setIn(pipe);
    try {
      feeder.start();
      int exit =
          new CommandLine(new BridgeCommand())
              .execute(
                  "stdin",
                  "--session",
                  "piped",
                  "--lang",
                  "de",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
      assertEquals(0, exit);
    } finally {
      System.setIn(originalIn);
      feeder.join(10_000);
    }
    List<AudioChunk> chunks = chunksOf("piped");
    assertArrayEquals(pcm, concat(chunks));
    assertEquals(pcm.length / 2 / 1600 + 1, chunks.size());
    assertEquals("stdin", eventsOf("piped", 2).get(0).getSourceDescription());
  }

  @Test
  void stdinAtAnotherRateIsResampled() throws Exception {
    byte[] file = Files.readAllBytes(TestData.speech("8k.wav"));
    InputStream originalIn = System.in;
    System.setIn(
        new java.io.ByteArrayInputStream(java.util.Arrays.copyOfRange(file, 44, file.length)));
    try {
      assertEquals(
          0,
          new CommandLine(new BridgeCommand())
              .execute(
                  "stdin",
                  "--session",
                  "piped-8k",
                  "--rate",
                  "8000",
                  "--format",
                  "s16le",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix));
    } finally {
      System.setIn(originalIn);
    }
    float[] reference =
        Resampler.of(8000, 16000).resample(WavReader.read(TestData.speech("8k.wav")).samples());
    assertArrayEquals(PcmCodec.encodePcm16(reference), concat(chunksOf("piped-8k")));
  }

  @Test
  void stdinChannelsAreDownmixedAndInputNotFittingTheFormatIsRefusedWithAReason() throws Exception {
    byte[] file = Files.readAllBytes(TestData.speech("1.wav"));
    byte[] mono = java.util.Arrays.copyOfRange(file, 44, file.length);
    byte[] stereo = new byte[mono.length * 2]; // the same signal on both channels
    for (int i = 0; i < mono.length; i += 2) {
      System.arraycopy(mono, i, stereo, 2 * i, 2);
      System.arraycopy(mono, i, stereo, 2 * i + 2, 2);
    }
    float[] nan = {0.5f, 0.25f, Float.NaN};
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    java.io.PrintStream originalErr = System.err;
    InputStream originalIn = System.in;
    int stereoExit;
    int badFrameExit;
    int nanExit;
    try {
      System.setErr(new java.io.PrintStream(err, true));
      System.setIn(new java.io.ByteArrayInputStream(stereo));
      stereoExit = stdin("stereo", "--channels", "2");
      System.setIn(new java.io.ByteArrayInputStream(new byte[] {1, 0, 2, 0, 3, 0}));
      badFrameExit = stdin("bad-frame", "--channels", "2");
      System.setIn(new java.io.ByteArrayInputStream(PcmCodec.encodeF32(nan)));
      nanExit = stdin("nan", "--format", "f32le");
    } finally {
      System.setErr(originalErr);
      System.setIn(originalIn);
    }
    String messages = err.toString();
    assertEquals(0, stereoExit, messages);
    assertArrayEquals(mono, concat(chunksOf("stereo"))); // equal channels average to themselves
    assertEquals(1, badFrameExit);
    assertTrue(
        messages.contains(
            "error: stdin ended inside a sample: 2 trailing byte(s) of a 4-byte frame (2 channels"
                + " of a 2-byte s16le sample); is the input really 2-channel s16le?"),
        messages);
    assertArrayEquals(new byte[] {2, 0}, concat(chunksOf("bad-frame"))); // mean 1.5, rounded
    assertEquals(1, nanExit);
    assertTrue(
        messages.contains(
            "error: stdin: sample 2 (at 0.000 s) is NaN: audio samples must be finite numbers;"
                + " refused"),
        messages);
    assertEquals(0, concat(chunksOf("nan")).length); // the block holding the NaN was refused
    assertEquals(SessionEventType.END, eventsOf("nan", 2).get(1).getType());
  }

  private int stdin(String session, String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "stdin",
                "--session",
                session,
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic-prefix",
                prefix));
    args.addAll(List.of(options));
    return new CommandLine(new BridgeCommand()).execute(args.toArray(String[]::new));
  }

  @Test
  void diarizationFlagsAreAnnouncedInTheStartEventAndValidated() throws Exception {
    String wav = TestData.speech("0.wav").toString();
    assertEquals(
        0,
        new CommandLine(new BridgeCommand())
            .execute(
                "file",
                wav,
                "--session",
                "duo",
                "--diarization",
                "--speakers",
                "2",
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic-prefix",
                prefix));
    SessionEvent start = eventsOf("duo", 2).get(0);
    assertEquals(true, start.getDiarization());
    assertEquals(2, start.getMaxSpeakers());
    assertEquals(
        0,
        new CommandLine(new BridgeCommand())
            .execute(
                "file",
                wav,
                "--session",
                "solo",
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic-prefix",
                prefix));
    assertEquals(false, eventsOf("solo", 2).get(0).getDiarization());

    java.io.PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true));
    int speakersAlone;
    int tooMany;
    try {
      speakersAlone =
          new CommandLine(new BridgeCommand())
              .execute(
                  "file",
                  wav,
                  "--session",
                  "bad-duo",
                  "--speakers",
                  "2",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
      tooMany =
          new CommandLine(new BridgeCommand())
              .execute(
                  "file",
                  wav,
                  "--session",
                  "bad-duo",
                  "--diarization",
                  "--speakers",
                  "5",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
    } finally {
      System.setErr(originalErr);
    }
    assertEquals(1, speakersAlone);
    assertEquals(1, tooMany);
    assertTrue(err.toString().contains("--speakers 2 needs --diarization"), err.toString());
    assertTrue(
        err.toString().contains("invalid number of speakers 5: expected 1 to 4"), err.toString());
    assertTrue(
        KafkaRecords.readAll(broker.bootstrapServers(), topics.audio(), AvroCodec.audioChunk())
            .stream()
            .noneMatch(c -> c.getSessionId().equals("bad-duo")));
  }

  @Test
  void badInputFailsWithAClearErrorAndPublishesNothing() throws Exception {
    Path adpcm = dir.resolve("adpcm.wav");
    byte[] header = {
      'R',
      'I',
      'F',
      'F',
      44,
      0,
      0,
      0,
      'W',
      'A',
      'V',
      'E',
      'f',
      'm',
      't',
      ' ',
      16,
      0,
      0,
      0,
      2,
      0,
      1,
      0,
      (byte) 0x80,
      0x3e,
      0,
      0,
      0,
      0x7d,
      0,
      0,
      2,
      0,
      4,
      0,
      'd',
      'a',
      't',
      'a',
      8,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0
    };
    Files.write(adpcm, header);
    java.io.PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true));
    Path truncated = dir.resolve("truncated.wav");
    byte[] whole = Files.readAllBytes(TestData.speech("0.wav"));
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 1000));
    int adpcmExit;
    int truncatedExit;
    int badIdExit;
    int oddExit;
    InputStream originalIn = System.in;
    try {
      adpcmExit =
          new CommandLine(new BridgeCommand())
              .execute(
                  "file",
                  adpcm.toString(),
                  "--session",
                  "bad-wav",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
      truncatedExit =
          new CommandLine(new BridgeCommand())
              .execute(
                  "file",
                  truncated.toString(),
                  "--session",
                  "cut-wav",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
      badIdExit =
          new CommandLine(new BridgeCommand())
              .execute(
                  "file",
                  TestData.speech("0.wav").toString(),
                  "--session",
                  "no spaces/allowed",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
      System.setIn(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
      oddExit =
          new CommandLine(new BridgeCommand())
              .execute(
                  "stdin",
                  "--session",
                  "odd",
                  "--bootstrap",
                  broker.bootstrapServers(),
                  "--topic-prefix",
                  prefix);
    } finally {
      System.setErr(originalErr);
      System.setIn(originalIn);
    }
    String messages = err.toString();
    assertEquals(1, adpcmExit);
    assertTrue(
        messages.contains("unsupported WAV encoding Microsoft ADPCM (format tag 0x0002)"),
        messages);
    assertEquals(1, truncatedExit);
    assertTrue(
        messages.contains(
            "WAV data is truncated: the 'data' chunk declares "
                + (whole.length - 44)
                + " bytes but the file ends 1000 bytes short"),
        messages);
    assertEquals(1, badIdExit);
    assertTrue(messages.contains("invalid session id 'no spaces/allowed'"), messages);
    assertEquals(1, oddExit);
    assertTrue(messages.contains("stdin ended inside a sample: 1 trailing byte(s)"), messages);
    List<AudioChunk> all =
        KafkaRecords.readAll(broker.bootstrapServers(), topics.audio(), AvroCodec.audioChunk());
    assertTrue(
        all.stream()
            .noneMatch(
                c -> c.getSessionId().equals("bad-wav") || c.getSessionId().equals("cut-wav")));
    // the odd stream's whole sample went out in the end-of-stream chunk; the trailing byte was
    // refused
    List<AudioChunk> odd = chunksOf("odd");
    assertEquals(1, odd.size());
    assertArrayEquals(new byte[] {1, 2}, concat(odd));
  }

  @Test
  void nonWavFileWithoutFfmpegNamesTheFix() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        io.captionflow.ingest.source.FfmpegSource.isInstalled(), "ffmpeg is installed here");
    Path mp3 = dir.resolve("talk.mp3");
    Files.write(mp3, new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0});
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> AudioFiles.open(mp3));
    assertTrue(
        e.getMessage()
            .contains("is not a WAV file, and ffmpeg (needed for other formats) is not installed"),
        e.getMessage());
  }

  private List<AudioChunk> chunksOf(String session) {
    return KafkaRecords.chunksOf(broker.bootstrapServers(), topics.audio(), session);
  }

  private List<SessionEvent> eventsOf(String session, int count) {
    return KafkaRecords.eventsOf(broker.bootstrapServers(), topics.sessionEvents(), session, count);
  }

  static byte[] concat(List<AudioChunk> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      assertEquals(i, chunks.get(i).getSequence(), "sequence");
      assertEquals(
          i == chunks.size() - 1, chunks.get(i).getEndOfStream(), "end of stream only last");
      byte[] b = new byte[chunks.get(i).getPcm().remaining()];
      chunks.get(i).getPcm().duplicate().get(b);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /**
   * SNR of {@code actual} against sox's resampling of {@code wav} to 16 kHz; NaN when sox is
   * absent.
   */
  static double soxSnr(Path wav, float[] actual) throws Exception {
    Path out = Files.createTempFile("sox-ref", ".wav");
    try {
      Process sox =
          new ProcessBuilder(
                  "sox",
                  wav.toString(),
                  "-e",
                  "floating-point",
                  "-b",
                  "32",
                  out.toString(),
                  "rate",
                  "-h",
                  "16000")
              .redirectErrorStream(true)
              .start();
      sox.getInputStream().readAllBytes();
      if (!sox.waitFor(60, TimeUnit.SECONDS) || sox.exitValue() != 0) {
        return Double.NaN;
      }
      float[] expected = WavReader.read(out).samples();
      double signal = 0, error = 0;
      for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
        signal += (double) expected[i] * expected[i];
        error += (actual[i] - expected[i]) * (double) (actual[i] - expected[i]);
      }
      return 10 * Math.log10(signal / error);
    } catch (IOException e) {
      return Double.NaN;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
