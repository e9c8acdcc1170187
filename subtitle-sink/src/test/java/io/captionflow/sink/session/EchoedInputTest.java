package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EchoedInputTest {

  @Test
  void keepsShortPrintableTextAsItIs() {
    assertEquals("0:abc", EchoedInput.of("0:abc"));
  }

  @Test
  void replacesNonPrintableCharactersAndCutsLongText() {
    assertEquals("a?b?", EchoedInput.of("a\u00e9b\n"));
    assertEquals("x".repeat(32) + "...", EchoedInput.of("x".repeat(200)));
  }
}
