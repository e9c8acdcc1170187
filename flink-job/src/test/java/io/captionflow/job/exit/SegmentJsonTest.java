package io.captionflow.job.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Word;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SegmentJsonTest {

  @Test
  void aDiarizedPartialSaysItsSpeakerAndThatItIsNotFinalWithTimesInMilliseconds() {
    SubtitleSegment partial =
        SubtitleSegment.newBuilder()
            .setSessionId("s")
            .setSegmentId("s/0/2800/p1")
            .setSequence(0)
            .setText("a \"quoted\" word")
            .setWords(
                List.of(
                    new Word("a", 2.8000000000000003, 2.96, 0.9f, 1),
                    new Word("\"quoted\" word", 3.0004999, 3.5, 0.8f, 1)))
            .setSpeaker(1)
            .setStartSeconds(2.8000000000000003)
            .setEndSeconds(3.5)
            .setIsFinal(false)
            .setEmitTimeMillis(0)
            .build();
    assertEquals(
        "{\"start\":2.8,\"end\":3.5,\"text\":\"a \\\"quoted\\\" word\",\"speaker\":2,"
            + "\"final\":false,\"words\":[{\"word\":\"a\",\"start\":2.8,\"end\":2.96},"
            + "{\"word\":\"\\\"quoted\\\" word\",\"start\":3.0,\"end\":3.5}]}",
        SegmentJson.line(partial));
  }

  /** Any time made of a count of milliseconds plus float noise is written as that count. */
  @Property(tries = 200)
  void roundedTimesAreTheNearestMillisecond(
      @ForAll @IntRange(min = 0, max = 36_000_000) int millis,
      @ForAll @IntRange(min = -400, max = 400) int noiseMicros) {
    double seconds = millis / 1000.0 + noiseMicros / 1e6;
    double rounded = SegmentJson.millis(seconds);
    assertEquals(Double.toString(millis / 1000.0), Double.toString(rounded));
  }
}
