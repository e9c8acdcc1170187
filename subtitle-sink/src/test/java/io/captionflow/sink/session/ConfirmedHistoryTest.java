package io.captionflow.sink.session;

import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.schema.SubtitleSegment;
import io.captionflow.sink.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmedHistoryTest {

  private static StoredCaption stored(long sequence, double start, double end) {
    SubtitleSegment segment =
        (SubtitleSegment)
            Events.finalOf("s", 0, sequence, List.of(word("w" + sequence, start, end))).getEvent();
    return new StoredCaption(Caption.from(segment, 0), "json" + sequence);
  }

  @Test
  void keepsTheNewestAndSaysWhetherAReplayMissesAnEvictedCaption() {
    ConfirmedHistory history = new ConfirmedHistory(2);
    history.add(stored(0, 0.0, 1.0));
    assertTrue(history.complete(new ResumePoint.Everything()));
    history.add(stored(1, 1.0, 2.0));
    history.add(stored(2, 2.0, 3.0));

    assertEquals(2, history.size());
    assertEquals(List.of("json1", "json2"), history.missed(new ResumePoint.Everything()));
    assertEquals(List.of("json2"), history.missed(new ResumePoint.AfterSequence(1)));
    assertFalse(history.complete(new ResumePoint.Everything()));
    assertTrue(history.complete(new ResumePoint.AfterSequence(0)));
    assertEquals(List.of("w1", "w2"), history.words().stream().map(w -> w.text()).toList());
  }

  @Test
  void coversTheRunFromItsOldestKeptCaptionOnceOneFellOut() {
    ConfirmedHistory history = new ConfirmedHistory(1);
    history.add(stored(0, 0.5, 1.0));
    assertEquals(0.2, history.coveredFromSeconds(0.2));
    history.add(stored(1, 1.5, 2.0));
    assertEquals(1.5, history.coveredFromSeconds(0.2));
    history.clear();
    assertEquals(0.2, history.coveredFromSeconds(0.2));
    assertTrue(history.complete(new ResumePoint.Everything()));
  }
}
