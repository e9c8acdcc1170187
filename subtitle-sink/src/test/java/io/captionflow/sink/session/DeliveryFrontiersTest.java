package io.captionflow.sink.session;

import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Word;
import io.captionflow.sink.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryFrontiersTest {

  private static Caption segment(List<Word> words) {
    return Caption.from((SubtitleSegment) Events.finalOf("s", 0, 0, words).getEvent(), 0);
  }

  private static FinalWords finalWords(List<Word> words) {
    return FinalWords.from("s", (ConfirmedWords) Events.wordsOf("s", 0, 0, words).getEvent(), 0);
  }

  private static List<String> texts(List<Caption.CaptionWord> words) {
    return words.stream().map(Caption.CaptionWord::text).toList();
  }

  @Test
  void aSegmentIsTrimmedToItsNewWordsAndAlsoClosesThoseWordsAsFinalWords() {
    DeliveryFrontiers frontiers = new DeliveryFrontiers();
    Caption first = segment(List.of(word("a", 0.0, 0.4), word("b", 0.48, 0.96)));
    assertEquals(first, frontiers.deliverFinal(first));
    assertNull(frontiers.deliverFinal(first));
    assertNull(frontiers.deliverWords(finalWords(List.of(word("b", 0.48, 0.96)))));

    Caption recomputed = segment(List.of(word("b", 0.48, 0.96), word("c", 0.96, 1.36)));
    assertEquals(List.of("c"), texts(frontiers.deliverFinal(recomputed).words()));
  }

  @Test
  void finalWordsDoNotHoldBackTheirSegmentAndPartialsMoveNoFrontier() {
    DeliveryFrontiers frontiers = new DeliveryFrontiers();
    List<Word> words = List.of(word("a", 0.0, 0.4));
    assertEquals(List.of("a"), texts(frontiers.deliverWords(finalWords(words)).words()));
    assertNull(frontiers.deliverWords(finalWords(words)));
    Caption partial = segment(words);
    assertEquals(partial, frontiers.partial(partial));
    assertEquals(partial, frontiers.partial(partial));
    assertEquals(partial, frontiers.deliverFinal(partial));
    assertNull(frontiers.partial(partial));

    frontiers.reset();
    assertEquals(partial, frontiers.deliverFinal(partial));
  }
}
