package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** Times in the JSON messages are session seconds rounded to the millisecond. */
class WireMessagesTest {

  @Test
  void captionTimesAreWrittenToTheMillisecond() throws Exception {
    double start = 0.1 + 0.2; // 0.30000000000000004
    double middle = 2.8000000000000003;
    double end = 3.1 + 0.0004999;
    Caption c =
        new Caption(
            "s",
            0,
            "s/0/300",
            4,
            true,
            "good evening",
            List.of(
                new CaptionWord("good", start, middle, 0.5f, null),
                new CaptionWord("evening", middle, end, 0.25f, null)),
            null,
            false,
            start,
            end,
            "en",
            null,
            1000);
    String json = WireMessages.caption(c);
    assertEquals(
        "\"start\":0.3,\"end\":3.1,\"language\":\"en\",\"words\":["
            + "{\"text\":\"good\",\"start\":0.3,\"end\":2.8,\"confidence\":0.5,\"speaker\":null},"
            + "{\"text\":\"evening\",\"start\":2.8,\"end\":3.1,\"confidence\":0.25,\"speaker\":null}]",
        json.substring(json.indexOf("\"start\""), json.indexOf(",\"emitTimeMillis\"")));
    assertEquals("3100", c.cursor().toString().substring(2), "the cursor keeps its own ms");
  }

  @Test
  void speechAndSessionTimesAreWrittenToTheMillisecond() throws Exception {
    JsonNode speech = WireMessages.JSON.readTree(WireMessages.speech("s", true, 0.1 * 3));
    assertEquals("0.3", speech.get("at").toString());
    JsonNode session =
        WireMessages.JSON.readTree(WireMessages.session("s", 0, "ENDED", "en", null, 2.0005));
    assertEquals("2.001", session.get("at").toString(), "half a millisecond rounds up");
  }

  @Test
  void nonFiniteTimeIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JsonSeconds.rounded(Double.NaN));
    assertEquals("time is not a finite number of seconds: NaN", e.getMessage());
  }

  /**
   * Any time within half a millisecond of a whole millisecond is written as exactly that
   * millisecond's decimal, never with more than 3 decimals.
   */
  @Property(tries = 200)
  void writtenTimeIsTheNearestMillisecondAsAShortDecimal(
      @ForAll @LongRange(min = 0, max = 86_400_000L) long millis,
      @ForAll @DoubleRange(min = -0.00049, max = 0.00049) @Scale(9) double offset)
      throws Exception {
    double seconds = millis / 1000.0 + offset;
    JsonNode n = WireMessages.JSON.readTree(WireMessages.speech("s", false, seconds));
    String written = n.get("at").toString();
    assertEquals(
        java.math.BigDecimal.valueOf(millis, 3), new java.math.BigDecimal(written).setScale(3));
    int dot = written.indexOf('.');
    assertEquals(true, dot < 0 || written.length() - dot - 1 <= 3, written);
  }
}
