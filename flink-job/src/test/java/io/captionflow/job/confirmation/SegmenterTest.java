package io.captionflow.job.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {

  static ConfirmedWord w(String text, double start) {
    return new ConfirmedWord(text, start, start + 0.3, 0.9f);
  }

  @Test
  void closesAtPunctuationPausesAndMaximumLength() {
    Segmenter s = new Segmenter(new Segmenter.Rules(0.5, 3, 8.0, true));
    List<Segment> closed =
        s.add(
            List.of(
                w("Hi.", 0), w("so", 0.4), w("then", 1.5), w("a", 1.9), w("b", 2.3), w("c", 2.7)));
    assertEquals(List.of("Hi.", "so", "then a b"), closed.stream().map(Segment::text).toList());
    assertEquals(List.of(0L, 1L, 2L), closed.stream().map(Segment::sequence).toList());
    assertEquals(List.of("c"), s.openWords().stream().map(ConfirmedWord::text).toList());
    assertTrue(s.closeIfQuiet(3.0, 3.2).isEmpty());
    assertEquals("c", s.closeIfQuiet(3.0, 3.6).orElseThrow().text());
    assertTrue(s.flush().isEmpty());
  }

  @Test
  void withoutPunctuationRuleASentenceEndDoesNotClose() {
    Segmenter s = new Segmenter(new Segmenter.Rules(0.5, 16, 8.0, false));
    assertEquals(List.of(), s.add(List.of(w("Hi.", 0), w("you", 0.4))));
    assertEquals("Hi. you", s.flush().orElseThrow().text());
  }
}
