package io.captionflow.ingest.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.ingest.RecordingPublisher;
import io.captionflow.schema.wire.StartSettings;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FiniteSamplesTest {

  @Test
  void namesTheFirstNonFiniteSampleWhereItIsInTheStream() {
    float[] samples = {0f, 1f, Float.NEGATIVE_INFINITY, Float.NaN};
    assertEquals(
        "sample 8002 (at 1.000 s) is -Infinity: audio samples must be finite numbers; refused",
        FiniteSamples.problem(samples, 4, 8000, 8000));
    assertNull(FiniteSamples.problem(samples, 2, 0, 8000)); // only the first two are looked at
  }

  @Test
  void sessionAudioRefusesAnInfiniteBlockAsAWholeAndPublishesNothingOfIt()
      throws InterruptedException {
    RecordingPublisher sink = new RecordingPublisher();
    SessionChunker session =
        new SessionChunker(
            "inf", new StartSettings(null, null, "test"), sink, 100, Duration.ZERO, () -> 1L);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> session.accept(new float[] {0.5f, Float.POSITIVE_INFINITY}, 16000));
    assertEquals(
        "in this block of audio, sample 1 (at 0.000 s) is +Infinity: audio samples must be finite"
            + " numbers; refused",
        e.getMessage());
    assertEquals(List.of(), sink.records);
    assertEquals(0, session.samples16k());
  }

  /** Any block with one non-finite sample, wherever it is, is found at exactly that index. */
  @Property(tries = 50)
  void theFirstNonFiniteSampleIsFoundAtItsIndex(
      @ForAll @IntRange(min = 1, max = 500) int length,
      @ForAll @IntRange(min = 0, max = 499) int position,
      @ForAll @IntRange(min = 0, max = 2) int kind) {
    int at = position % length;
    float[] samples = new float[length];
    samples[at] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[kind];
    String problem = FiniteSamples.problem(samples, length, 0, 16000);
    assertEquals("sample " + at + " ", problem.substring(0, ("sample " + at + " ").length()));
    assertNull(FiniteSamples.problem(samples, at, 0, 16000));
  }
}
