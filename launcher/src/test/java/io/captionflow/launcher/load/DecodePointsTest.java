package io.captionflow.launcher.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.SessionSettings;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DecodePointsTest {

  private static final long TOTAL = 20 * 16_000;

  @Test
  void speedyHearsAWordAtTheFirstDecodeHoldingItsFirstFrame() {
    DecodePoints speedy = new DecodePoints(SessionSettings.of(LatencyMode.SPEEDY));
    // 0.40 s: its first frame ends at 0.48 s; decodes every 0.2 s → 0.6 s, brought by chunk 5
    assertEquals(9_600, speedy.firstHearing(6_400, TOTAL));
    assertEquals(5, DecodePoints.chunkReaching(9_600));
    // 1.36 s: first frame ends at 1.44 s → decode at 1.6 s, chunk 15
    assertEquals(25_600, speedy.firstHearing(21_760, TOTAL));
    assertEquals(15, DecodePoints.chunkReaching(25_600));
    // a word at the very start is heard by the first decode
    assertEquals(3_200, speedy.firstHearing(0, TOTAL));
  }

  @Test
  void chunkedHearsAWordWhenItsChunkAndRightContextHaveArrived() {
    DecodePoints chunked = new DecodePoints(SessionSettings.of(LatencyMode.CHUNKED));
    // chunk [0, 1.6 s) decodes once 0.64 s of right context follows: at 2.24 s
    assertEquals(35_840, chunked.firstHearing(6_400, TOTAL));
    assertEquals(22, DecodePoints.chunkReaching(35_840));
    // a word at 1.92 s is in chunk [1.6, 3.2): decoded at 3.84 s
    assertEquals(61_440, chunked.firstHearing(30_720, TOTAL));
  }

  @Test
  void aWordNearTheEndIsHeardByTheEndOfStreamFlush() {
    DecodePoints lowLatency = new DecodePoints(SessionSettings.of(LatencyMode.LOW_LATENCY));
    assertEquals(TOTAL, lowLatency.firstHearing(TOTAL - 6_400, TOTAL));
    assertEquals(199, DecodePoints.chunkReaching(TOTAL));
  }

  /** In every full-window mode the point is a decode point, the first to hold the whole frame. */
  @Property(tries = 50)
  void theFirstHearingIsTheFirstDecodeHoldingTheWordsFirstFrame(
      @ForAll @IntRange(min = 0, max = 200) int startFrame,
      @ForAll @IntRange(min = 0, max = 5) int modeIndex) {
    LatencyMode mode = LatencyMode.offline().get(modeIndex);
    SessionSettings s = SessionSettings.of(mode);
    long start = startFrame * 1280L;
    long point = new DecodePoints(s).firstHearing(start, Long.MAX_VALUE);
    assertEquals(0, point % s.intervalSamples(), mode + ": not a decode point");
    assertTrue(point >= start + 1280, mode + ": decoded before its first frame arrived");
    assertTrue(
        point - s.intervalSamples() < Math.max(start + 1280, s.intervalSamples()),
        mode + ": an earlier decode already held the frame");
  }
}
