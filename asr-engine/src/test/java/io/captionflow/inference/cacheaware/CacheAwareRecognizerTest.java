package io.captionflow.inference.cacheaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.inference.TimedWord;
import io.captionflow.inference.Token;
import io.captionflow.inference.Transcript;
import io.captionflow.inference.fixture.CacheAwareToneFixture;
import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.parakeet.ModelLoadException;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheAwareRecognizerTest {

  @TempDir static Path dir;
  static CacheAwareRecognizer recognizer;
  static float[] sample;

  @BeforeAll
  static void load() {
    ToneLanguage language = CacheAwareToneFixture.write(dir);
    sample = CacheAwareToneFixture.sampleAudio(language);
    recognizer = CacheAwareRecognizer.load(RecognizerConfig.of(dir));
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  /**
   * Feeds {@code audio} in chunks of {@code chunk} samples, decoding each window as it is ready.
   */
  static List<Token> decodeAlone(float[] audio, int chunk) {
    CacheAwareStream s = recognizer.newStream();
    List<Token> tokens = new ArrayList<>();
    for (int at = 0; at < audio.length; at += chunk) {
      s.accept(audio, at, Math.min(chunk, audio.length - at));
      while (s.isReady()) {
        recognizer.decode(List.of(s));
        tokens.addAll(s.takeTokens());
      }
    }
    s.inputFinished();
    while (s.isReady()) {
      recognizer.decode(List.of(s));
      tokens.addAll(s.takeTokens());
    }
    return tokens;
  }

  @Test
  void readsEverySizeFromTheModelsMetadataAndShapes() {
    CacheAwareMetadata m = recognizer.metadata();
    assertEquals(new CacheAwareMetadata(13, 25, 16, 8, "", 1, 32, 2, 4, 16, 2, 16, 2), m);
    assertEquals(2, m.framesPerChunk());
    assertEquals(160, m.chunkMillis());
  }

  @Test
  void theSampleDecodesToItsExpectedWordsAndTimes() {
    for (int chunk : new int[] {1600, 160, 7777}) {
      List<TimedWord> words = Transcript.of(decodeAlone(sample, chunk)).words();
      assertEquals(
          CacheAwareToneFixture.expectedWords().stream().map(TimedWord::toLine).toList(),
          words.stream().map(TimedWord::toLine).toList(),
          "chunks of " + chunk + " samples");
    }
  }

  @Test
  void aTwoPieceWordIsEmittedInOneFrameAndTokenFramesAreGlobal() {
    List<Token> tokens = decodeAlone(sample, 1600);
    assertEquals(
        List.of(
            "\u2581hello@4",
            "\u2581world@9",
            "\u2581live@14",
            "\u2581cap@19",
            "tions@19",
            "\u2581for@23",
            "\u2581ev@31",
            "ery@31",
            "\u2581stream@36"),
        tokens.stream().map(t -> t.piece() + "@" + t.frame()).toList());
  }

  /** What a recognizer that loses a piece of state between windows would hear. */
  static List<String> decodeForgetting(boolean caches, boolean decoderState) {
    CacheAwareStream s = recognizer.newStream();
    s.accept(sample, 0, sample.length);
    s.inputFinished();
    List<Token> tokens = new ArrayList<>();
    while (s.isReady()) {
      if (caches) {
        Arrays.fill(s.channelCache, 0f);
        Arrays.fill(s.timeCache, 0f);
        s.channelCacheLength = 0;
      }
      if (decoderState) {
        s.decoderOut = null;
        s.lastToken = recognizer.metadata().blank();
      }
      recognizer.decode(List.of(s));
      tokens.addAll(s.takeTokens());
    }
    return Transcript.of(tokens).words().stream().map(TimedWord::toLine).toList();
  }

  @Test
  void theFixtureHearsAWordAcrossTwoWindowsOnlyThroughTheCaches() {
    // hello, live and stream start in a window's last frame; world, captions, for, every do not
    assertEquals(
        List.of(
            "0.72\t0.80\tworld", "1.52\t1.60\tcaptions", "1.84\t1.92\tfor", "2.48\t2.56\tevery"),
        decodeForgetting(true, false));
  }

  @Test
  void theFixtureHearsALongToneOnceOnlyThroughTheCarriedDecoderState() {
    List<String> words = decodeForgetting(false, true);
    assertEquals(8, words.size(), words.toString());
    assertEquals(List.of("1.52\t1.60\tcaptions", "1.60\t1.68\tcaptions"), words.subList(3, 5));
  }

  @Test
  void silenceAndNoiseGiveNoTokens() {
    float[] silence = new float[16_000 * 3];
    float[] noise = new float[16_000 * 3];
    Random random = new Random(7);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (0.3 * random.nextGaussian());
    }
    assertEquals(List.of(), decodeAlone(silence, 1600));
    assertEquals(List.of(), decodeAlone(noise, 1600));
  }

  @Test
  void aBatchedRoundGivesEachStreamExactlyWhatItGetsAlone() {
    // three sessions offset against each other, so their windows cut the words differently
    float[][] audio = {
      sample, withLeadingSilence(sample, 1280), withLeadingSilence(sample, 3 * 1280 + 160)
    };
    List<List<Token>> alone = new ArrayList<>();
    for (float[] a : audio) {
      alone.add(decodeAlone(a, 1600));
    }
    List<CacheAwareStream> streams = new ArrayList<>();
    List<List<Token>> batched = new ArrayList<>();
    for (float[] a : audio) {
      streams.add(recognizer.newStream());
      batched.add(new ArrayList<>());
    }
    int[] fed = new int[audio.length];
    int[] chunk = {1600, 480, 3200};
    boolean more = true;
    while (more) {
      more = false;
      for (int i = 0; i < audio.length; i++) {
        if (fed[i] < audio[i].length) {
          int n = Math.min(chunk[i], audio[i].length - fed[i]);
          streams.get(i).accept(audio[i], fed[i], n);
          fed[i] += n;
          more = true;
        } else {
          streams.get(i).inputFinished();
        }
      }
      decodeRounds(streams, batched);
    }
    decodeRounds(streams, batched);
    assertEquals(alone, batched);
    assertEquals(5, alone.get(1).get(0).frame());
    assertEquals(9, alone.get(0).size());
  }

  @Test
  void aDecoderThatTakesABatchRunsTheRowsTogetherWithTheSameTokens(@TempDir Path batched) {
    CacheAwareToneFixture.write(batched, true);
    assertTrue(recognizer.batchesJoiner());
    assertFalse(recognizer.batchesDecoder());
    try (CacheAwareRecognizer r = CacheAwareRecognizer.load(RecognizerConfig.of(batched))) {
      assertTrue(r.batchesDecoder());
      float[][] audio = {sample, withLeadingSilence(sample, 1280), withLeadingSilence(sample, 640)};
      List<CacheAwareStream> streams = new ArrayList<>();
      List<List<Token>> heard = new ArrayList<>();
      for (float[] a : audio) {
        CacheAwareStream s = r.newStream();
        s.accept(a, 0, a.length);
        s.inputFinished();
        streams.add(s);
        heard.add(new ArrayList<>());
      }
      while (streams.stream().anyMatch(CacheAwareStream::isReady)) {
        List<CacheAwareStream> ready = streams.stream().filter(CacheAwareStream::isReady).toList();
        r.decode(ready);
        for (int i = 0; i < streams.size(); i++) {
          heard.get(i).addAll(streams.get(i).takeTokens());
        }
      }
      for (int i = 0; i < audio.length; i++) {
        assertEquals(decodeAlone(audio[i], 1600), heard.get(i), "stream " + i);
      }
    }
  }

  @Test
  void aTimedRoundDecodesWhatDecodeDoesAndCountsItsStreams() {
    List<CacheAwareStream> streams = List.of(recognizer.newStream(), recognizer.newStream());
    List<List<Token>> tokens = List.of(new ArrayList<>(), new ArrayList<>());
    List<Integer> roundSizes = new ArrayList<>();
    for (CacheAwareStream s : streams) {
      s.accept(sample, 0, sample.length);
      s.inputFinished();
    }
    while (streams.get(0).isReady()) {
      roundSizes.add(recognizer.decodeRound(streams).streams());
      for (int i = 0; i < streams.size(); i++) {
        tokens.get(i).addAll(streams.get(i).takeTokens());
      }
    }
    List<Token> alone = decodeAlone(sample, sample.length);
    assertEquals(List.of(alone, alone), tokens);
    assertEquals(List.of(2), roundSizes.stream().distinct().toList());
    assertEquals(new RoundCost(0, 0, 0), recognizer.decodeRound(List.of()));
  }

  private static void decodeRounds(List<CacheAwareStream> streams, List<List<Token>> into) {
    while (true) {
      List<CacheAwareStream> ready = streams.stream().filter(CacheAwareStream::isReady).toList();
      if (ready.isEmpty()) {
        return;
      }
      recognizer.decode(ready);
      for (int i = 0; i < streams.size(); i++) {
        into.get(i).addAll(streams.get(i).takeTokens());
      }
    }
  }

  private static float[] withLeadingSilence(float[] audio, int samples) {
    float[] out = new float[audio.length + samples];
    System.arraycopy(audio, 0, out, samples, audio.length);
    return out;
  }

  @Test
  void aRoundRefusesAStreamTwiceOrOneWithoutAWindow() {
    CacheAwareStream s = recognizer.newStream();
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> recognizer.decode(List.of(s)))
            .getMessage()
            .contains("without a whole window"));
    s.accept(sample, 0, 16_000);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> recognizer.decode(List.of(s, s)))
            .getMessage()
            .contains("appears twice"));
  }

  @Test
  void aBrokenExportIsRefusedWithOneLinePerProblem(@TempDir Path broken) throws Exception {
    CacheAwareToneFixture.write(broken);
    Files.delete(broken.resolve("joiner.onnx"));
    Files.delete(broken.resolve("decoder.onnx"));
    String message =
        assertThrows(
                ModelLoadException.class,
                () -> CacheAwareRecognizer.load(RecognizerConfig.of(broken)))
            .getMessage();
    assertTrue(
        message.endsWith("(2 problems):\n  decoder.onnx is missing\n  joiner.onnx is missing"),
        message);
  }

  @Test
  void tokensThatDoNotFitTheMetadataAreNamed(@TempDir Path broken) throws Exception {
    CacheAwareToneFixture.write(broken);
    List<String> lines = new ArrayList<>(Files.readAllLines(broken.resolve("tokens.txt")));
    lines.remove(lines.size() - 1);
    Files.write(broken.resolve("tokens.txt"), lines);
    String noBlank =
        assertThrows(
                ModelLoadException.class,
                () -> CacheAwareRecognizer.load(RecognizerConfig.of(broken)))
            .getMessage();
    assertTrue(noBlank.contains("tokens.txt: vocabulary has no blank piece <blk>"), noBlank);
    lines.add("<blk> 13");
    lines.add("extra 14");
    Files.write(broken.resolve("tokens.txt"), lines);
    String tooMany =
        assertThrows(
                ModelLoadException.class,
                () -> CacheAwareRecognizer.load(RecognizerConfig.of(broken)))
            .getMessage();
    assertTrue(
        tooMany.contains(
            "tokens.txt has 15 tokens, the encoder's vocab_size 13 needs 14 (the pieces, then"
                + " <blk>)"),
        tooMany);
  }

  @Test
  void layoutIsRecognisedFromItsFiles(@TempDir Path other) {
    assertTrue(CacheAwareModel.looksLike(dir));
    assertFalse(CacheAwareModel.looksLike(other));
    // tools tell the fixture from a real export (whose speech a VAD hears) by its marker
    assertTrue(io.captionflow.inference.fixture.ToneLanguageFixture.isFixture(dir));
  }
}
