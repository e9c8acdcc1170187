package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkSequencerTest {

  static ChunkSequencer.Audio chunk(long seq) {
    return new ChunkSequencer.Audio(seq, new float[100], 0, false);
  }

  static List<String> describe(List<ChunkSequencer.Release> out) {
    return out.stream()
        .map(
            r ->
                r instanceof ChunkSequencer.Audio a
                    ? "a" + a.sequence()
                    : "gap"
                        + ((ChunkSequencer.Gap) r).firstMissing()
                        + "-"
                        + ((ChunkSequencer.Gap) r).lastMissing())
        .toList();
  }

  @Test
  void reordersWithinTheWindowAndDropsDuplicates() {
    ChunkSequencer s = new ChunkSequencer(3);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    assertEquals(ChunkSequencer.Outcome.IN_ORDER, s.offer(chunk(0), out));
    assertEquals(ChunkSequencer.Outcome.HELD, s.offer(chunk(2), out));
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, s.offer(chunk(2), out));
    assertEquals(ChunkSequencer.Outcome.REORDERED, s.offer(chunk(1), out));
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, s.offer(chunk(0), out));
    assertEquals(List.of("a0", "a1", "a2"), describe(out));
  }

  @Test
  void fillsAGapOnceTheWindowOverflowsAndTellsTheLateChunkFromADuplicate() {
    ChunkSequencer s = new ChunkSequencer(2);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    s.offer(chunk(0), out);
    s.offer(chunk(3), out);
    s.offer(chunk(4), out);
    assertEquals(List.of("a0"), describe(out));
    s.offer(chunk(5), out);
    assertEquals(List.of("a0", "gap1-2", "a3", "a4", "a5"), describe(out));
    assertEquals(200, ((ChunkSequencer.Gap) out.get(1)).silenceSamples());
    assertEquals(ChunkSequencer.Outcome.TOO_LATE, s.offer(chunk(1), out));
    assertEquals(ChunkSequencer.Outcome.TOO_LATE, s.offer(chunk(2), out));
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, s.offer(chunk(0), out));
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, s.offer(chunk(4), out));
    assertEquals(List.of("a0", "gap1-2", "a3", "a4", "a5"), describe(out));
  }

  @Test
  void aWholeClipInReverseWithinTheBoundLosesNothing() {
    ChunkSequencer s = new ChunkSequencer(64);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    for (long seq = 64; seq >= 1; seq--) {
      assertEquals(ChunkSequencer.Outcome.HELD, s.offer(chunk(seq), out));
    }
    assertEquals(List.of(), describe(out));
    assertEquals(ChunkSequencer.Outcome.REORDERED, s.offer(chunk(0), out));
    assertEquals(LongStream.rangeClosed(0, 64).mapToObj(i -> "a" + i).toList(), describe(out));
    assertEquals(65, s.next());
  }

  @Test
  void onlyTheNewestFilledGapsAreRemembered() {
    ChunkSequencer s = new ChunkSequencer(1);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    int gaps = ChunkSequencer.REMEMBERED_GAPS + 1;
    for (int i = 0; i < gaps; i++) {
      s.offer(chunk(3L * i + 1), out); // held, waiting for 3i
      s.offer(chunk(3L * i + 2), out); // a second held chunk: 3i is filled with silence
    }
    assertEquals(gaps, out.stream().filter(r -> r instanceof ChunkSequencer.Gap).count());
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, s.offer(chunk(0), out), "forgotten: the oldest");
    assertEquals(ChunkSequencer.Outcome.TOO_LATE, s.offer(chunk(3), out));
    assertEquals(ChunkSequencer.Outcome.TOO_LATE, s.offer(chunk(3L * (gaps - 1)), out));
  }

  @Test
  void stateKeepsHeldChunksAndFilledGapsAndReadsTheFormerFormWithoutGaps() throws IOException {
    ChunkSequencer s = new ChunkSequencer(2);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    s.offer(chunk(0), out);
    s.offer(chunk(3), out);
    s.offer(chunk(4), out);
    s.offer(chunk(5), out); // fills 1-2
    s.offer(chunk(7), out); // held
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.write(new DataOutputStream(bytes));
    ChunkSequencer restored =
        ChunkSequencer.read(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 2, true);
    assertEquals(6, restored.next());
    assertEquals(ChunkSequencer.Outcome.TOO_LATE, restored.offer(chunk(2), out));
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, restored.offer(chunk(7), out));
    List<ChunkSequencer.Release> after = new ArrayList<>();
    assertEquals(ChunkSequencer.Outcome.REORDERED, restored.offer(chunk(6), after));
    assertEquals(List.of("a6", "a7"), describe(after));

    // format 2 stored no filled gaps: the bytes end after the held chunks
    byte[] withoutGaps = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 4 - 16);
    ChunkSequencer former =
        ChunkSequencer.read(new DataInputStream(new ByteArrayInputStream(withoutGaps)), 2, false);
    assertEquals(6, former.next());
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, former.offer(chunk(2), out));
  }

  @Test
  void aReorderBoundBelowOneIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChunkSequencer(0));
    assertEquals("reorder window must be at least 1 chunk, got 0", e.getMessage());
  }

  /**
   * Any arrival order in which no chunk comes more than {@code bound - 1} places after a later one,
   * with duplicates anywhere, releases every chunk exactly once, in order, without silence.
   */
  @Property(tries = 200)
  void withinTheBoundEveryOrderReleasesEachChunkOnceInOrder(
      @ForAll @IntRange(min = 1, max = 40) int chunks,
      @ForAll @IntRange(min = 1, max = 16) int bound,
      @ForAll Random random) {
    List<Long> arrival = new ArrayList<>();
    List<double[]> keyed = new ArrayList<>();
    for (long seq = 0; seq < chunks; seq++) {
      keyed.add(new double[] {seq + random.nextDouble() * bound, seq});
    }
    keyed.sort((a, b) -> Double.compare(a[0], b[0]));
    keyed.forEach(k -> arrival.add((long) k[1]));
    for (int d = random.nextInt(4); d > 0; d--) { // a duplicate comes after its original
      int original = random.nextInt(arrival.size());
      arrival.add(original + 1 + random.nextInt(arrival.size() - original), arrival.get(original));
    }
    ChunkSequencer s = new ChunkSequencer(bound);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    for (long seq : arrival) {
      assertNotEquals(ChunkSequencer.Outcome.TOO_LATE, s.offer(chunk(seq), out));
    }
    assertEquals(LongStream.range(0, chunks).mapToObj(i -> "a" + i).toList(), describe(out));
  }

  @Test
  void flushReleasesEverythingHeld() {
    ChunkSequencer s = new ChunkSequencer(8);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    s.offer(chunk(1), out);
    s.offer(chunk(3), out);
    s.flush(out);
    assertEquals(List.of("gap0-0", "a1", "gap2-2", "a3"), describe(out));
  }
}
