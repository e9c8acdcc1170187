package io.captionflow.sink.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void writtenAsRunColonEndMillisAndOrderedByRunThenTime() {
    assertEquals("0:168750", Cursor.at(0, 168.75).toString());
    assertEquals(new Cursor(2, 400), Cursor.parse(" 2:400 "));
    assertEquals(
        List.of(new Cursor(0, 5), new Cursor(0, 90_000), new Cursor(1, 0)),
        List.of(new Cursor(1, 0), new Cursor(0, 90_000), new Cursor(0, 5)).stream()
            .sorted()
            .toList());
  }

  @Test
  void malformedCursorsAreNamed() {
    assertEquals(
        "a cursor is '<run>:<end in ms>' (e.g. 0:168750), got '12'",
        assertThrows(IllegalArgumentException.class, () -> Cursor.parse("12")).getMessage());
    assertEquals(
        "a cursor is '<run>:<end in ms>' (e.g. 0:168750), got 'a:1'",
        assertThrows(IllegalArgumentException.class, () -> Cursor.parse("a:1")).getMessage());
    assertEquals(
        "cursor run must not be negative, got -1",
        assertThrows(IllegalArgumentException.class, () -> Cursor.parse("-1:5")).getMessage());
  }

  @Property(tries = 100)
  void readsBackWhatItWrites(
      @ForAll @LongRange(min = 0, max = 1000) long run,
      @ForAll @LongRange(min = -1000, max = 86_400_000) long endMillis) {
    Cursor c = new Cursor(run, endMillis);
    assertEquals(c, Cursor.parse(c.toString()));
  }
}
