package io.captionflow.sink.session;

/**
 * What a subscriber (or a {@code live.vtt} poll) asked to receive, from its {@code after=}
 * parameter: everything retained, the segments after a {@link Cursor}, or (deprecated) those after
 * a sequence number of the current run.
 */
public sealed interface ResumePoint {

  /** True when the caption lies after this point, so the subscriber has not seen it. */
  boolean wants(Caption caption);

  /** The {@code after} value echoed in {@code hello}: null, a cursor string or a number. */
  Object echo();

  /** No {@code after=}: the whole retained history. */
  record Everything() implements ResumePoint {
    @Override
    public boolean wants(Caption caption) {
      return true;
    }

    @Override
    public Object echo() {
      return null;
    }
  }

  /** {@code after=<run>:<ms>}: segments whose cursor is higher. */
  record AfterCursor(Cursor cursor) implements ResumePoint {
    @Override
    public boolean wants(Caption caption) {
      return caption.cursor().compareTo(cursor) > 0;
    }

    @Override
    public Object echo() {
      return cursor.toString();
    }
  }

  /**
   * {@code after=<number>} (deprecated): segments of the current run with a higher sequence. A
   * recovered job may renumber segments, so this can repeat or skip words; use a cursor.
   */
  record AfterSequence(long sequence) implements ResumePoint {
    @Override
    public boolean wants(Caption caption) {
      return caption.sequence() > sequence;
    }

    @Override
    public Object echo() {
      return sequence;
    }
  }

  /** Reads an {@code after=} value: absent or blank, a cursor, or a sequence number. */
  static ResumePoint parse(String after) {
    if (after == null || after.isBlank()) {
      return new Everything();
    }
    String text = after.trim();
    if (text.contains(":")) {
      return new AfterCursor(Cursor.parse(text));
    }
    try {
      return new AfterSequence(Long.parseLong(text));
    } catch (NumberFormatException e) {
      // Short: it goes out as a WebSocket close reason (at most 123 bytes).
      throw new IllegalArgumentException(
          "after must be a cursor like 0:168750 (or a sequence number), got '"
              + EchoedInput.of(after)
              + "'");
    }
  }
}
