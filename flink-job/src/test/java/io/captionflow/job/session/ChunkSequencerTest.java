package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
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
  void fillsAGapOnceTheWindowOverflowsAndDropsTheLateChunk() {
    ChunkSequencer s = new ChunkSequencer(2);
    List<ChunkSequencer.Release> out = new ArrayList<>();
    s.offer(chunk(0), out);
    s.offer(chunk(3), out);
    s.offer(chunk(4), out);
    assertEquals(List.of("a0"), describe(out));
    s.offer(chunk(5), out);
    assertEquals(List.of("a0", "gap1-2", "a3", "a4", "a5"), describe(out));
    assertEquals(200, ((ChunkSequencer.Gap) out.get(1)).silenceSamples());
    assertEquals(ChunkSequencer.Outcome.DUPLICATE, s.offer(chunk(1), out));
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
