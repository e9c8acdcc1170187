package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishTokensTest {

  @Test
  void acceptsOnlyConfiguredTokens() {
    PublishTokens tokens =
        PublishTokens.fromEnvironment(Map.of("CAPTIONFLOW_PUBLISH_TOKENS", " alpha , beta,,"));
    assertEquals(2, tokens.count());
    assertTrue(tokens.accepts("alpha"));
    assertTrue(tokens.accepts("beta"));
    assertFalse(tokens.accepts("alph"));
    assertFalse(tokens.accepts("alpha "));
    assertFalse(tokens.accepts(""));
    assertFalse(tokens.accepts(null));
    assertFalse(tokens.isOpen());
  }

  @Test
  void noTokensRefusesEveryoneUnlessOpenModeIsChosen() {
    assertFalse(PublishTokens.fromEnvironment(Map.of()).accepts("anything"));
    assertTrue(PublishTokens.openMode().accepts(null));
    assertTrue(PublishTokens.openMode().isOpen());
  }
}
