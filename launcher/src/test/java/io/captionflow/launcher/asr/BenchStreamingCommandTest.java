package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.features.KaldiFbank;
import io.captionflow.fixtures.asr.CacheAwareSessions;
import io.captionflow.fixtures.asr.CacheAwareSessions.Caches;
import io.captionflow.fixtures.asr.CacheAwareSessions.Encoded;
import io.captionflow.fixtures.asr.CacheAwareSessions.Predicted;
import io.captionflow.fixtures.asr.SyntheticCacheAware;
import io.captionflow.fixtures.asr.SyntheticCacheAware.ChunkSize;
import io.captionflow.fixtures.asr.SyntheticCacheAware.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --streaming --tiny}: one JSON line for speedy, then one per chunk size and stream
 * count, whose rounds and tokens are what the tiny model's contract and emission rule predict.
 */
class BenchStreamingCommandTest {

  private static final Shape SHAPE = Shape.TINY;
  private static final int SECONDS = 2;

  @TempDir Path dir;

  @Test
  void printsSpeedyThenOneLinePerChunkAndStreamCountWithThePredictedTokens() throws Exception {
    CliRun run =
        CliRun.of(
            "bench",
            "--streaming",
            "--tiny",
            "--chunk-ms",
            "160,560",
            "--batch-sizes",
            "1,3",
            "--seconds",
            String.valueOf(SECONDS),
            "--window",
            "2",
            "--repeat",
            "1");

    assertEquals(0, run.exit(), run.err());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertEquals(5, lines.size(), run.out());
    JsonNode speedy = lines.get(0);
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals("speedy", speedy.get("mode").asText());
    assertEquals(16, speedy.get("batch").asInt());
    assertEquals(37.6, speedy.get("encoderFactor").asDouble());
    assertEquals(cores, speedy.get("cores").asInt());
    double e = speedy.get("encoderAudioSecondsPerSecond").asDouble();
    double d = speedy.get("decoderAudioSecondsPerSecond").asDouble();
    assertEquals(
        BatchThroughput.round(1 / (37.6 / e + 37.6 / d)), speedy.get("sessions").asDouble());

    List<JsonNode> streaming = lines.subList(1, 5);
    assertEquals(
        List.of(160, 160, 560, 560),
        streaming.stream().map(l -> l.get("chunkMs").asInt()).toList());
    assertEquals(
        List.of(1, 3, 1, 3), streaming.stream().map(l -> l.get("streams").asInt()).toList());
    for (JsonNode line : streaming) {
      ChunkSize chunk = new ChunkSize(line.get("chunkMs").asInt());
      int streams = line.get("streams").asInt();
      String what = chunk.ms() + " ms, " + streams + " streams";
      Path model = dir.resolve(chunk.ms() + "ms");
      SyntheticCacheAware.write(model, SHAPE, chunk, StreamingThroughput.SEED);
      Reference expected = decodeInRounds(model, chunk, streams);
      assertEquals("streaming", line.get("mode").asText());
      assertEquals("tiny", line.get("model").asText());
      assertEquals(cores, line.get("cores").asInt());
      assertEquals(expected.rounds(), line.get("rounds").asInt(), what);
      assertEquals(
          (long) expected.rounds() * streams * chunk.frames(),
          line.get("encoderFrames").asLong(),
          what);
      List<Long> tokens = new ArrayList<>();
      line.get("tokensPerStream").forEach(t -> tokens.add(t.asLong()));
      assertEquals(expected.tokens(), tokens, what);
      assertEquals(
          expected.tokens().stream().mapToLong(Long::longValue).sum(),
          line.get("tokens").asLong(),
          what);
      assertEquals(
          speedy.get("sessionsPerCore").asDouble(),
          line.get("speedySessionsPerCore").asDouble(),
          what);
      for (String field :
          List.of(
              "wallSeconds",
              "cpuSeconds",
              "cpuShareOfCores",
              "audioSecondsPerSecond",
              "audioSecondsPerSecondPerCore",
              "realTimeSessionsPerCore",
              "encoderMsPerRound",
              "encoderShare",
              "greedyShare",
              "featuresShare",
              "timesSpeedy")) {
        assertTrue(line.get(field).isNumber(), what + ": " + field + " in " + line);
      }
      assertTrue(line.get("keepsPace").isBoolean(), what);
    }
  }

  @Test
  void aGivenSpeedyFigureIsComparedWithoutMeasuringIt() throws Exception {
    CliRun run =
        CliRun.of(
            "bench",
            "--streaming",
            "--tiny",
            "--chunk-ms",
            "80",
            "--batch-sizes",
            "2",
            "--seconds",
            "1",
            "--speedy-sessions-per-core",
            "0.09");
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(1, lines.size(), run.out());
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertEquals(80, line.get("chunkMs").asInt());
    assertEquals(0.09, line.get("speedySessionsPerCore").asDouble());
    assertEquals(0.09, line.get("speedySessionsPerCpuCore").asDouble());
  }

  @Test
  void aChunkSizeTheExportLacksOrAZeroStreamCountIsRefused() {
    CliRun chunk = CliRun.of("bench", "--streaming", "--tiny", "--chunk-ms", "100");
    assertEquals(2, chunk.exit());
    assertEquals(
        "cache-aware chunk size must be one of [80, 160, 320, 560, 1120] ms, got 100",
        chunk.err().lines().findFirst().orElse(""));
    CliRun zero = CliRun.of("bench", "--streaming", "--batch-sizes", "0");
    assertEquals(2, zero.exit());
    assertEquals(
        "--seconds, --repeat and every --batch-sizes value must be at least 1, got seconds=10"
            + " repeat=2 batch sizes=[0]",
        zero.err().lines().findFirst().orElse(""));
    CliRun both = CliRun.of("bench", "--streaming", "--batch");
    assertEquals(2, both.exit());
    assertEquals("--batch and --streaming: choose one", both.err().lines().findFirst().orElse(""));
  }

  record Reference(int rounds, List<Long> tokens) {}

  /**
   * The bench's run without the recognizer: the same audio fed chunk by chunk to each stream's
   * fbank, every round's windows in one encoder call through the raw sessions, then greedy search
   * per stream where a token is emitted exactly when {@link SyntheticCacheAware#emits} opens the
   * gate.
   */
  private static Reference decodeInRounds(Path model, ChunkSize chunk, int streams)
      throws Exception {
    int stateSize = SHAPE.predLayers() * SHAPE.predHidden();
    int blank = SHAPE.vocabulary();
    int chunkSamples = chunk.shift() * KaldiFbank.FRAME_SHIFT;
    int padding = (chunk.window() + 1) * KaldiFbank.FRAME_SHIFT;
    List<KaldiFbank> features = new ArrayList<>();
    List<Caches> caches = new ArrayList<>();
    List<Predicted> decoders = new ArrayList<>();
    List<Long> tokens = new ArrayList<>();
    try (CacheAwareSessions sessions = CacheAwareSessions.open(model, SHAPE, 0)) {
      for (int i = 0; i < streams; i++) {
        KaldiFbank f = new KaldiFbank(SHAPE.features());
        float[] audio = BatchThroughput.speechLikeNoise(i, SECONDS);
        for (int at = 0; at < audio.length; at += chunkSamples) {
          f.accept(audio, at, Math.min(chunkSamples, audio.length - at));
        }
        f.accept(new float[padding], 0, padding);
        f.inputFinished();
        features.add(f);
        caches.add(Caches.zeros(1, SHAPE));
        decoders.add(sessions.predict(blank, new float[stateSize], new float[stateSize]));
        tokens.add(0L);
      }
      int rounds = 0;
      int rowFeatures = SHAPE.features() * chunk.window();
      for (long from = 0;
          from + chunk.window() < features.get(0).framesReady();
          from += chunk.shift()) {
        float[] windows = new float[streams * rowFeatures];
        for (int i = 0; i < streams; i++) {
          features.get(i).copyFeatureMajor(from, chunk.window(), windows, i * rowFeatures);
        }
        Encoded encoded = sessions.encode(windows, chunk.window(), Caches.stack(caches));
        rounds++;
        for (int i = 0; i < streams; i++) {
          caches.set(i, encoded.next().row(i));
          Predicted decoder = decoders.get(i);
          for (int t = 0; t < encoded.frames(); t++) {
            float[] frame = sessions.frame(encoded, i, t);
            for (int step = 0; step < 10; step++) {
              if (!SyntheticCacheAware.emits(frame[0], decoder.output()[0])) {
                break;
              }
              int y = argmax(sessions.join(frame, decoder.output()));
              assertNotEquals(blank, y);
              tokens.set(i, tokens.get(i) + 1);
              decoder = sessions.predict(y, decoder.h(), decoder.c());
            }
          }
          decoders.set(i, decoder);
        }
      }
      return new Reference(rounds, tokens);
    }
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      best = v[i] > v[best] ? i : best;
    }
    return best;
  }
}
