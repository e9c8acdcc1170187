package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.WindowDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chunks of one session late, out of order or duplicated within the reorder bound lose no word (the
 * end-of-stream chunk included: it waits for those before it); beyond the bound the missing place
 * is filled with silence and the chunk arriving after it is told apart. The real recognizer on the
 * fixture model, through the session logic.
 */
class SessionStreamReorderTest {

  static ParakeetRecognizer recognizer;

  @BeforeAll
  @BeforeContainer
  static void load() {
    if (recognizer == null) {
      recognizer = FixtureAudio.loadRecognizer();
    }
  }

  @AfterAll
  @AfterContainer
  static void close() {
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
    }
  }

  static final int BOUND = SessionStream.Defaults.STANDARD.reorderWindow();

  /** The fixture's first two phrases: 6.5 s, 65 chunks, the most a reversed clip may have. */
  static List<ScheduledWord> shortSchedule() {
    List<ScheduledWord> words = new ArrayList<>();
    words.addAll(FixtureAudio.language().sentence("hello world live captions", 0.40, 0.32, 0.16));
    words.addAll(FixtureAudio.language().sentence("for every stream", 3.20, 0.24, 0.16));
    return words;
  }

  record Run(RecordingOutput out, List<ChunkSequencer.Outcome> outcomes) {}

  /** Feeds chunk sequences in {@code order} (the last chunk flagged end-of-stream) in one mode. */
  static Run play(LatencyMode mode, float[] audio, List<Integer> order) {
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD, new WindowDecoder(recognizer), new RmsEnergyModel());
    s.onStart(SessionSettings.of(mode), out);
    List<float[]> chunks = SessionStreamTest.chunks(audio, 1600);
    List<ChunkSequencer.Outcome> outcomes = new ArrayList<>();
    for (int i : order) {
      outcomes.add(s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out));
    }
    return new Run(out, outcomes);
  }

  static int chunkCount(float[] audio) {
    return (audio.length + 1599) / 1600;
  }

  /**
   * The colleague's case: the sample shuffled (no chunk more than the bound out of place), a few
   * duplicates, the end-of-stream chunk last.
   */
  @Property(tries = 8)
  void shuffledWithinTheBoundWithDuplicatesGivesTheExactTranscript(@ForAll Random random) {
    float[] audio = FixtureAudio.audio();
    int n = chunkCount(audio);
    List<double[]> keyed = new ArrayList<>();
    for (int seq = 0; seq < n - 1; seq++) {
      keyed.add(new double[] {seq + random.nextDouble() * BOUND, seq});
    }
    keyed.sort((a, b) -> Double.compare(a[0], b[0]));
    List<Integer> order = new ArrayList<>(keyed.stream().map(k -> (int) k[1]).toList());
    for (int d = 1 + random.nextInt(4); d > 0; d--) { // a duplicate comes after its original
      int original = random.nextInt(order.size());
      order.add(original + 1 + random.nextInt(order.size() - original), order.get(original));
    }
    order.add(n - 1);
    Run run = play(LatencyMode.CHUNKED, audio, order);
    assertEquals(FixtureAudio.expectedWordTimes(), run.out().finalWordTimes());
    assertEquals(List.of(), run.out().gaps);
    assertEquals("ENDED", run.out().statuses.get(run.out().statuses.size() - 1));
  }

  @Test
  void aShortClipPublishedInReverseGivesTheExactTranscript() {
    List<ScheduledWord> schedule = shortSchedule();
    float[] audio = FixtureAudio.language().synthesize(schedule, 6.5);
    List<Integer> reversed =
        new ArrayList<>(IntStream.range(0, chunkCount(audio)).boxed().toList());
    assertEquals(BOUND + 1, reversed.size());
    Collections.reverse(reversed);
    Run run = play(LatencyMode.SPEEDY, audio, reversed);
    assertEquals(
        FixtureAudio.language().expectedWords(schedule).stream().map(FixtureAudio::format).toList(),
        run.out().finalWordTimes());
    assertEquals(List.of("STARTED", "ENDED"), run.out().statuses);
    assertEquals(List.of(), run.out().gaps);
  }

  @Test
  void theSampleShuffledInGroupsWithTheEndOfStreamLastGivesTheExactTranscript() {
    float[] audio = FixtureAudio.audio();
    int n = chunkCount(audio);
    List<Integer> order = new ArrayList<>();
    Random random = new Random(3);
    for (int from = 0; from < n - 1; from += 40) {
      List<Integer> group =
          new ArrayList<>(IntStream.range(from, Math.min(from + 40, n - 1)).boxed().toList());
      Collections.shuffle(group, random);
      order.addAll(group);
      order.add(group.get(0)); // a duplicate
    }
    order.add(n - 1);
    Run run = play(LatencyMode.SPEEDY, audio, order);
    assertEquals(FixtureAudio.expectedWordTimes(), run.out().finalWordTimes());
    assertEquals(
        3, run.outcomes().stream().filter(o -> o == ChunkSequencer.Outcome.DUPLICATE).count());
    assertEquals(List.of(), run.out().gaps);
  }

  @Test
  void aChunkLaterThanTheBoundFindsItsPlaceFilledWithSilence() {
    float[] audio = FixtureAudio.audio();
    int n = chunkCount(audio);
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    order.remove(Integer.valueOf(3)); // 0.3-0.4 s, just before the first word
    order.add(3 + BOUND + 2, 3); // arrives after 66 later chunks: its place was given up
    Run run = play(LatencyMode.SPEEDY, audio, order);
    assertEquals(List.of(new ChunkSequencer.Gap(3, 3, 1600)), run.out().gaps);
    assertEquals(ChunkSequencer.Outcome.TOO_LATE, run.outcomes().get(3 + BOUND + 2));
    assertEquals(
        1, run.outcomes().stream().filter(o -> o == ChunkSequencer.Outcome.TOO_LATE).count());
    assertEquals(FixtureAudio.expectedWordTimes(), run.out().finalWordTimes());
  }
}
