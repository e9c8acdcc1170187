package io.captionflow.launcher.chaos;

import io.captionflow.asr.TimedWord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one subscriber received against what the session said: a word is its text and its times to
 * the millisecond, so a word delivered twice (a re-sent segment) or never is counted exactly.
 *
 * @param expected words the session's audio holds
 * @param delivered words of the final segments the subscriber received
 * @param lost expected words never delivered
 * @param duplicated deliveries of an expected word beyond its one
 * @param unexpected delivered words the session does not hold (wrong text or times)
 */
record DeliveryCount(int expected, int delivered, int lost, int duplicated, int unexpected) {

  static final DeliveryCount ZERO = new DeliveryCount(0, 0, 0, 0, 0);

  static DeliveryCount of(List<TimedWord> expectedWords, List<TimedWord> deliveredWords) {
    Map<String, Integer> wanted = new HashMap<>();
    expectedWords.forEach(w -> wanted.merge(key(w), 1, Integer::sum));
    Map<String, Integer> got = new HashMap<>();
    deliveredWords.forEach(w -> got.merge(key(w), 1, Integer::sum));
    int lost = 0;
    int duplicated = 0;
    for (Map.Entry<String, Integer> e : wanted.entrySet()) {
      int n = got.getOrDefault(e.getKey(), 0);
      lost += Math.max(0, e.getValue() - n);
      duplicated += Math.max(0, n - e.getValue());
    }
    int unexpected = 0;
    for (Map.Entry<String, Integer> e : got.entrySet()) {
      if (!wanted.containsKey(e.getKey())) {
        unexpected += e.getValue();
      }
    }
    return new DeliveryCount(
        expectedWords.size(), deliveredWords.size(), lost, duplicated, unexpected);
  }

  DeliveryCount plus(DeliveryCount o) {
    return new DeliveryCount(
        expected + o.expected,
        delivered + o.delivered,
        lost + o.lost,
        duplicated + o.duplicated,
        unexpected + o.unexpected);
  }

  boolean exact() {
    return lost == 0 && duplicated == 0 && unexpected == 0 && delivered == expected;
  }

  private static String key(TimedWord w) {
    return w.text()
        + "@"
        + Math.round(w.startSeconds() * 1000)
        + "-"
        + Math.round(w.endSeconds() * 1000);
  }
}
