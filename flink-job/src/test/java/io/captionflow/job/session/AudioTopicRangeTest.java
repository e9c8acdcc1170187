package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AudioTopicRangeTest {

  @Test
  void growsOverTheFirstPartitionsOffsetsInAnyOrder() {
    AudioTopicRange range = new AudioTopicRange();
    assertNull(range.range());
    range.locate(3, 40);
    range.locate(3, 38);
    range.locate(5, 10); // another partition (a repartitioned topic) does not widen it
    range.locate(3, 45);
    assertEquals(new AudioRange(3, 38, 45), range.range());
  }
}
