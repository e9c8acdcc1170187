package io.captionflow.sink.session;

import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.Word;
import io.captionflow.sink.Events;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store of a run's enhanced transcript: latest per sequence, bounded by words. */
class EnhancedTranscriptTest {

  private static Caption enhanced(long run, long sequence, Word... words) {
    EnhancedSegment s =
        (EnhancedSegment) Events.enhancedOf("s", run, sequence, List.of(words)).getEvent();
    return Caption.fromEnhanced("s", s, run);
  }

  private static List<String> texts(EnhancedTranscript t) {
    return t.captions().stream().map(c -> c.sequence() + ":" + c.text()).toList();
  }

  @Test
  void keepsTheLatestSegmentPerSequenceInSequenceOrder() {
    EnhancedTranscript t = new EnhancedTranscript("s", 0, 100);
    assertEquals(EnhancementStatus.IN_PROGRESS, t.status());
    assertEquals(
        EventOutcome.APPLIED,
        t.add(enhanced(0, 1, word("world", 0.5, 0.9), word("live", 1.2, 1.6))));
    assertEquals(EventOutcome.APPLIED, t.add(enhanced(0, 0, word("hello", 0.0, 0.4))));
    // a retried enhancement writes sequence 1 again, recognised differently
    assertEquals(EventOutcome.APPLIED, t.add(enhanced(0, 1, word("world", 0.5, 0.9))));
    assertEquals(List.of("0:hello", "1:world"), texts(t));
    assertEquals(2, t.wordCount());
    assertEquals(List.of("hello", "world"), t.words().stream().map(CaptionWord::text).toList());
    assertEquals("s/0/enhanced/1", t.captions().get(1).id());
    assertEquals(0, t.missingSequences());
    assertEquals(Double.POSITIVE_INFINITY, t.coveredUntilSeconds());
    t.complete();
    assertEquals(EnhancementStatus.COMPLETE, t.status());
  }

  @Test
  void sequencesThatNeverArrivedAreCountedAsMissing() {
    EnhancedTranscript t = new EnhancedTranscript("s", 2, 100);
    t.add(enhanced(2, 3, word("d", 3.0, 3.2)));
    t.add(enhanced(2, 5, word("f", 5.0, 5.2)));
    assertEquals(4, t.missingSequences(), "0, 1, 2 and 4");
  }

  @Test
  void segmentsPastTheWordLimitAreDroppedAndLaterOnesTooSoNoGapOpens() {
    EnhancedTranscript t = new EnhancedTranscript("s", 0, 4);
    assertEquals(
        EventOutcome.APPLIED,
        t.add(enhanced(0, 0, word("a", 0.0, 0.2), word("b", 0.3, 0.5), word("c", 0.6, 0.9))));
    assertEquals(
        EventOutcome.ENHANCED_OVER_LIMIT,
        t.add(enhanced(0, 1, word("d", 1.0, 1.2), word("e", 1.3, 1.5))));
    assertEquals(
        EventOutcome.ENHANCED_OVER_LIMIT,
        t.add(enhanced(0, 2, word("f", 2.0, 2.2))),
        "would fit, but follows a dropped segment");
    // a retry replacing a segment held still applies while the total fits
    assertEquals(
        EventOutcome.APPLIED, t.add(enhanced(0, 0, word("a", 0.0, 0.2), word("b", 0.3, 0.4))));
    assertEquals(List.of("0:a b"), texts(t));
    assertEquals(2, t.wordCount());
    assertEquals(true, t.truncated());
    assertEquals(0.4, t.coveredUntilSeconds(), "the end of the last word held");
  }

  @Test
  void aSegmentOfAnotherRunOrANegativeSequenceIsRejectedByName() {
    EnhancedTranscript t = new EnhancedTranscript("s", 1, 10);
    IllegalArgumentException otherRun =
        assertThrows(IllegalArgumentException.class, () -> t.add(enhanced(0, 0, word("a", 0, 1))));
    assertEquals(
        "enhanced segment s/0/enhanced/0 does not belong at run 1 of s (a sequence is 0 or more)",
        otherRun.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.add(enhanced(1, -1, word("a", 0, 1))));
    assertEquals(
        "enhanced transcript word limit must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new EnhancedTranscript("s", 0, 0))
            .getMessage());
  }
}
