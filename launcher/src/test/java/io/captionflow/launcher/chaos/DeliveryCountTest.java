package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.TimedWord;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DeliveryCountTest {

  private static TimedWord word(String text, double start, double end) {
    return new TimedWord(text, start, end, 0.9f);
  }

  private static final List<TimedWord> SAID =
      List.of(word("ba", 0.4, 0.64), word("di", 0.8, 1.04), word("ba", 1.2, 1.44));

  @Test
  void exactDeliveryIsExact() {
    DeliveryCount c = DeliveryCount.of(SAID, SAID);
    assertEquals(new DeliveryCount(3, 3, 0, 0, 0), c);
    assertTrue(c.exact());
  }

  @Test
  void aWordTwiceIsDuplicatedAWordNeverIsLostOtherTimesAreUnexpected() {
    List<TimedWord> got =
        List.of(
            word("ba", 0.4, 0.64),
            word("ba", 0.4, 0.64), // re-sent
            word("ba", 1.2, 1.5)); // wrong end
    DeliveryCount c = DeliveryCount.of(SAID, got);
    assertEquals(new DeliveryCount(3, 3, 2, 1, 1), c);
    assertFalse(c.exact(), "as many words as expected, but not the expected ones");
  }

  @Test
  void timesCountToTheMillisecondAndConfidenceNotAtAll() {
    List<TimedWord> got =
        List.of(
            new TimedWord("ba", 0.4000001, 0.64, 0.1f),
            word("di", 0.8, 1.04),
            word("ba", 1.2, 1.44));
    assertEquals(new DeliveryCount(3, 3, 0, 0, 0), DeliveryCount.of(SAID, got));
  }

  @Test
  void sessionsAddUp() {
    assertEquals(
        new DeliveryCount(6, 4, 2, 0, 0),
        DeliveryCount.of(SAID, SAID).plus(DeliveryCount.of(SAID, SAID.subList(0, 1))));
  }

  /**
   * Each expected word is delivered once or lost; every other delivery is a duplicate or
   * unexpected.
   */
  @Property(tries = 200)
  void everyWordIsAccountedFor(
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 5) Integer> said,
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 7) Integer> delivered) {
    List<TimedWord> expected = new ArrayList<>();
    for (int i = 0; i < said.size(); i++) {
      expected.add(word("w" + said.get(i), i, i + 0.5));
    }
    List<TimedWord> got = new ArrayList<>();
    for (int d : delivered) {
      // Indexes past the session's words stand for words it never said.
      got.add(d < expected.size() ? expected.get(d) : word("x" + d, 100 + d, 101 + d));
    }
    DeliveryCount c = DeliveryCount.of(expected, got);
    long distinctDeliveredExpected = got.stream().filter(expected::contains).distinct().count();
    assertEquals(expected.size(), c.lost() + distinctDeliveredExpected);
    assertEquals(got.size(), distinctDeliveredExpected + c.duplicated() + c.unexpected());
    assertEquals(sameMultiset(expected, got), c.exact());
  }

  private static boolean sameMultiset(List<TimedWord> a, List<TimedWord> b) {
    List<TimedWord> rest = new ArrayList<>(b);
    for (TimedWord w : a) {
      if (!rest.remove(w)) {
        return false;
      }
    }
    return rest.isEmpty();
  }
}
