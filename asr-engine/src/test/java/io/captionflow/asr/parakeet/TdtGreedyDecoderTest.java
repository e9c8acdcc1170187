package io.captionflow.asr.parakeet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TdtGreedyDecoderTest {

  @Test
  void argmaxLooksOnlyInsideItsRange() {
    float[] logits = {9f, 1f, 4f, 4f, 9f};
    assertEquals(2, TdtGreedyDecoder.argmax(logits, 1, 4));
    assertEquals(4, TdtGreedyDecoder.argmax(logits, 1, 5));
  }

  @Test
  void softmaxProbabilityIsTakenAmongTheRowsLogitsOnly() {
    // row [ln 1, ln 3] after one logit of another row: 3 / (1 + 3)
    float[] logits = {100f, 0f, (float) Math.log(3)};
    assertEquals(0.75f, TdtGreedyDecoder.softmaxProbability(logits, 1, 2, 1), 1e-6f);
    assertEquals(0.25f, TdtGreedyDecoder.softmaxProbability(logits, 1, 2, 0), 1e-6f);
  }
}
