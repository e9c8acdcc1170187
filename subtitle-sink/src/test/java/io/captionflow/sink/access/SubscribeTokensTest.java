package io.captionflow.sink.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubscribeTokensTest {

  private final SubscribeTokens tokens =
      SubscribeTokens.parse(" studio-a = alpha , studio-b=beta==, studio-a=alpha2,*=root");

  @Test
  void sessionTokensOpenOnlyTheirSessionAndWildcardOpensAll() {
    assertTrue(tokens.allows("studio-a", "alpha"));
    assertTrue(tokens.allows("studio-a", "alpha2"));
    assertTrue(tokens.allows("studio-b", "beta=="), "tokens may contain '='");
    assertFalse(tokens.allows("studio-b", "alpha"));
    assertFalse(tokens.allows("studio-a", "alph"));
    assertFalse(tokens.allows("studio-a", null));
    assertFalse(tokens.allows("studio-a", ""));
    assertTrue(tokens.allows("anything", "root"));
    assertTrue(tokens.allowsAll("root"));
    assertFalse(tokens.allowsAll("alpha"));
  }

  @Test
  void malformedEntriesAreRefusedWithoutEchoingTheToken() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SubscribeTokens.parse("a=ok,secretWithoutSession"));
    assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
    assertFalse(e.getMessage().contains("secretWithoutSession"));
    assertThrows(IllegalArgumentException.class, () -> SubscribeTokens.parse("a="));
    assertThrows(IllegalArgumentException.class, () -> SubscribeTokens.parse("=tok"));
  }

  @Test
  void neverPrintsTokens() {
    assertEquals("SubscribeTokens[3 session entries, wildcard]", tokens.toString());
    assertTrue(SubscribeTokens.parse("").isEmpty());
  }

  @Test
  void openAccessNeedsNoToken() {
    AccessPolicy open = new AccessPolicy(SubscribeTokens.NONE, true);
    AccessPolicy closed = new AccessPolicy(SubscribeTokens.NONE, false);
    assertTrue(open.maySubscribe("x", null));
    assertFalse(closed.maySubscribe("x", "anything"));
  }
}
