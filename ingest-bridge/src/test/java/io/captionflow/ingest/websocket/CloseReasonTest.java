package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CloseReasonTest {

  @Test
  void aReasonThatFitsIsKept() {
    String exactly123 = "é".repeat(61) + "x"; // 122 + 1 bytes
    assertEquals(exactly123, CloseReason.truncate(exactly123));
    assertNull(CloseReason.truncate(null));
  }

  @Test
  void twoByteCharactersAreNeverCutInHalf() {
    // 62 × 'é' is 124 bytes: 60 of them (120 bytes) and "..." fit
    assertEquals("é".repeat(60) + "...", CloseReason.truncate("é".repeat(62)));
    // shifted by one byte: 'a' + 59 × 'é' is 119 bytes, one more would make 121
    assertEquals("a" + "é".repeat(59) + "...", CloseReason.truncate("a" + "é".repeat(62)));
  }

  @Test
  void threeAndFourByteCharactersAreNeverCutInHalf() {
    // 41 × '✋' (3 bytes) is 123 bytes and fits; 42 do not: 40 (120 bytes) and "..."
    assertEquals("✋".repeat(41), CloseReason.truncate("✋".repeat(41)));
    assertEquals("✋".repeat(40) + "...", CloseReason.truncate("✋".repeat(42)));
    // '😀' is 4 bytes and two chars: 'ab' + 29 × '😀' is 118 bytes, a 30th would make 122 > 120
    String cut = CloseReason.truncate("ab" + "😀".repeat(40));
    assertEquals("ab" + "😀".repeat(29) + "...", cut);
    assertEquals(121, CloseReason.utf8Length(cut));
  }

  @Property(tries = 200)
  void theResultFitsAndStartsWithWholeCharactersOfTheReason(@ForAll String reason) {
    String cut = CloseReason.truncate(reason);
    assertTrue(CloseReason.utf8Length(cut) <= CloseReason.MAX_BYTES, cut);
    if (!cut.equals(reason)) {
      String kept = cut.substring(0, cut.length() - 3);
      assertTrue(reason.startsWith(kept));
      assertTrue(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1)));
    }
  }
}
