package io.captionflow.schema.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WordAlignmentTest {

  static List<String> words(String text) {
    return text.isBlank() ? List.of() : List.of(text.split(" "));
  }

  @Test
  void countsEachKindOfError() {
    // world→word, live dropped, "today" and "too" added: the only cheapest path (4 edits)
    assertEquals(
        new WordAlignment(6, 1, 2, 1),
        WordAlignment.of(
            words("hello world live captions for everyone"),
            words("hello word captions for everyone today too")));
    assertEquals(
        new WordAlignment(4, 0, 0, 0),
        WordAlignment.of(
            words("Hello, world. Live captions!"), words("hello world live captions")));
    assertEquals(new WordAlignment(3, 0, 0, 3), WordAlignment.of(words("a b c"), List.of()));
    assertEquals(new WordAlignment(0, 0, 2, 0), WordAlignment.of(List.of(), words("a b")));
    assertEquals(new WordAlignment(3, 0, 1, 0), WordAlignment.of(words("a b c"), words("a b b c")));
  }

  @Test
  void errorRateIsPerReferenceWord() {
    assertEquals(0.5, new WordAlignment(4, 1, 0, 1).errorRate());
    assertEquals(0.0, new WordAlignment(0, 0, 0, 0).errorRate());
  }

  @Property(tries = 200)
  void errorsAreTheEditDistanceAndEachPathWordIsCounted(
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 4) Integer> ref,
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 4) Integer> hyp) {
    List<String> r = new ArrayList<>();
    ref.forEach(x -> r.add("w" + x));
    List<String> h = new ArrayList<>();
    hyp.forEach(x -> h.add("w" + x));
    WordAlignment a = WordAlignment.of(r, h);
    // every reference word is matched, substituted or deleted; every hypothesis word matched,
    // substituted or inserted
    int matched = r.size() - a.substitutions() - a.deletions();
    assertEquals(h.size(), matched + a.substitutions() + a.insertions());
    assertEquals(0, WordAlignment.of(r, r).errors());
    assertEquals(a.errors(), WordAlignment.of(h, r).errors());
  }
}
