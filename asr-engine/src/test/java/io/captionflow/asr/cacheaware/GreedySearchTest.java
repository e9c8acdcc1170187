package io.captionflow.asr.cacheaware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GreedySearchTest {

  @Test
  void argmaxTakesTheFirstOfEqualLogits() {
    assertEquals(1, GreedySearch.argmax(new float[] {0f, 3f, 3f, -1f}));
    assertEquals(0, GreedySearch.argmax(new float[] {2f}));
  }

  @Test
  void probabilityIsTheSoftmaxOfTheLargestLogit() {
    // e^0 / (e^0 + e^-ln3 + e^-ln3) = 1 / (1 + 2/3) = 0.6
    float ln3 = (float) Math.log(3);
    assertEquals(0.6f, GreedySearch.probability(new float[] {0f, -ln3, -ln3}, 0), 1e-6f);
    assertEquals(0.25f, GreedySearch.probability(new float[] {5f, 5f, 5f, 5f}, 2), 1e-6f);
  }
}
