package io.captionflow.edge.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenDigestsTest {

  private final TokenDigests tokens = TokenDigests.of(List.of("alpha", "beta=="));

  @Test
  void matchesExactlyTheConfiguredTokens() {
    assertTrue(tokens.matches("alpha"));
    assertTrue(tokens.matches("beta=="));
    assertFalse(tokens.matches("alph"));
    assertFalse(tokens.matches("alpha "));
    assertFalse(tokens.matches("ALPHA"));
    assertFalse(tokens.matches(""));
    assertFalse(tokens.matches(null));
    assertEquals(2, tokens.count());
  }

  @Test
  void noneMatchesNothing() {
    assertTrue(TokenDigests.NONE.isEmpty());
    assertFalse(TokenDigests.NONE.matches("anything"));
  }

  @Test
  void anEmptyTokenCannotBeConfigured() {
    assertThrows(IllegalArgumentException.class, () -> TokenDigests.of(List.of("")));
  }

  @Test
  void neverPrintsTokens() {
    assertEquals("TokenDigests[2]", tokens.toString());
  }
}
