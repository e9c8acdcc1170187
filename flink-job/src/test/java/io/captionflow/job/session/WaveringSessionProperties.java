package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.TimedWord;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.fixtures.asr.WaveringLanguage;
import io.captionflow.fixtures.asr.WaveringScript;
import io.captionflow.fixtures.asr.WaveringScript.Burst;
import io.captionflow.fixtures.asr.WaveringToneFixture;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.WindowDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The session logic on the wavering fixture model (real ONNX Runtime and TDT decoding; hypotheses
 * that jitter, split differently and flicker near every window's right edge, noise heard only
 * without right context): over random scripts, chunk sizes, reorderings and every mode, the
 * confirmed words are exactly the script's words, each once, never overlapping, and noise alone
 * gives none.
 */
class WaveringSessionProperties {

  static Path modelDir;
  static WaveringLanguage language;
  static ParakeetRecognizer recognizer;

  @BeforeContainer
  static void load() throws IOException {
    modelDir = Files.createTempDirectory("captionflow-wavering-model");
    language = WaveringToneFixture.write(modelDir);
    recognizer = ParakeetRecognizer.load(RecognizerConfig.of(modelDir).withIntraOpThreads(1));
  }

  @AfterContainer
  static void close() {
    recognizer.close();
  }

  @Provide
  Arbitrary<LatencyMode> modes() {
    return Arbitraries.of(LatencyMode.offline());
  }

  @Property(tries = 14)
  void theSampleComesOutExactlyInEveryMode(@ForAll("modes") LatencyMode mode) throws IOException {
    List<String> expected =
        Files.readAllLines(modelDir.resolve("sample.words.txt")).stream()
            .map(WaveringSessionProperties::wordLine)
            .toList();
    RecordingOutput out = run(mode, language.synthesize(WaveringToneFixture.sampleScript()), 1600);
    assertEquals(expected, out.finalWordTimes(), mode.id());
  }

  @Property(tries = 12)
  void randomScriptsChunkedAndReorderedAnyWayConfirmEveryWordOnce(
      @ForAll("modes") LatencyMode mode,
      @ForAll long seed,
      @ForAll @IntRange(min = 20, max = 500) int chunkMs,
      @ForAll @IntRange(min = 0, max = 6) int reorderDistance) {
    WaveringScript script = randomScript(new Random(seed));
    RecordingOutput out =
        run(mode, language.synthesize(script), chunkMs * 16, new Random(seed), reorderDistance);
    assertEquals(
        language.canonicalWords(script).stream().map(FixtureAudio::format).toList(),
        out.finalWordTimes(),
        mode.id() + " " + script);
    double previousEnd = Double.NEGATIVE_INFINITY;
    for (Segment s : out.finals()) {
      for (ConfirmedWord w : s.words()) {
        assertTrue(w.startSeconds() >= previousEnd - 1e-9, w + " overlaps the word before");
        previousEnd = w.endSeconds();
      }
    }
  }

  @Property(tries = 7)
  void noiseAloneGivesNoWords(@ForAll("modes") LatencyMode mode) {
    WaveringScript noise =
        new WaveringScript(
            List.of(),
            List.of(new Burst(2.0, 0.32), new Burst(3.2, 0.24), new Burst(5.6, 0.32)),
            List.of(),
            8.0);
    RecordingOutput out = run(mode, language.synthesize(noise), 1600);
    assertEquals(List.of(), out.finalWordTimes(), mode.id());
  }

  /**
   * Words of 0.16–0.32 s with 0.16–0.8 s between them and the odd noise burst, after 2 s of silence
   * (the fixture is exact for windows of 2 s and more).
   */
  static WaveringScript randomScript(Random random) {
    List<String> vocabulary = new ToneLanguage().words().stream().map(w -> w.text()).toList();
    List<ScheduledWord> words = new ArrayList<>();
    List<Burst> noise = new ArrayList<>();
    int frame = 25;
    String previous = null;
    int count = 3 + random.nextInt(12);
    for (int i = 0; i < count; i++) {
      if (random.nextInt(6) == 0) {
        int length = 2 + random.nextInt(3);
        noise.add(new Burst(frame * 0.08, length * 0.08));
        frame += length + 2 + random.nextInt(3);
      }
      String word;
      do {
        word = vocabulary.get(random.nextInt(vocabulary.size()));
      } while (word.equals(previous));
      previous = word;
      int length = 2 + random.nextInt(3);
      words.add(new ScheduledWord(word, round(frame * 0.08), round(length * 0.08)));
      frame += length + 2 + random.nextInt(9);
    }
    return new WaveringScript(words, noise, List.of(), round((frame + 15) * 0.08));
  }

  static RecordingOutput run(LatencyMode mode, float[] audio, int chunkSamples) {
    return run(mode, audio, chunkSamples, new Random(0), 0);
  }

  /**
   * Streams {@code audio} in chunks, each displaced by up to {@code reorderDistance} places and the
   * odd one sent twice; the end-of-stream chunk goes last.
   */
  static RecordingOutput run(
      LatencyMode mode, float[] audio, int chunkSamples, Random random, int reorderDistance) {
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD, new WindowDecoder(recognizer), new RmsEnergyModel());
    s.onStart(SessionSettings.of(mode), out);
    int n = (audio.length + chunkSamples - 1) / chunkSamples;
    // each chunk moves at most reorderDistance + 1 places: within the sequencer's bound
    List<Integer> order = new ArrayList<>();
    double[] key = new double[n];
    for (int i = 0; i < n - 1; i++) {
      order.add(i);
      key[i] = i + random.nextDouble() * (reorderDistance + 1);
    }
    order.sort((a, b) -> Double.compare(key[a], key[b]));
    List<Integer> sent = new ArrayList<>();
    for (int i : order) {
      sent.add(i);
      if (reorderDistance > 0 && random.nextInt(10) == 0) {
        sent.add(i);
      }
    }
    sent.add(n - 1);
    for (int i : sent) {
      int from = i * chunkSamples;
      float[] chunk = Arrays.copyOfRange(audio, from, Math.min(audio.length, from + chunkSamples));
      s.onChunk(i, chunk, 0, i == n - 1, out);
    }
    return out;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1e6) / 1e6;
  }

  /** A line of sample.words.txt ("start\tend\tword") in the test's word@start-end form. */
  private static String wordLine(String line) {
    String[] f = line.split("\t");
    return FixtureAudio.format(
        new TimedWord(f[2], Double.parseDouble(f[0]), Double.parseDouble(f[1]), Float.NaN));
  }
}
