package io.captionflow.sink.session;

/**
 * Where a subscriber stands in a session: the run and the audio time (ms) where the last confirmed
 * segment it received ends. Written {@code "<run>:<endMillis>"}; strictly increasing over a
 * session's confirmed segments, also across runs, so {@code after=<cursor>} resumes without repeats
 * even when a recovered job recomputed segments with other ids or boundaries.
 */
public record Cursor(long run, long endMillis) implements Comparable<Cursor> {

  public Cursor {
    if (run < 0) {
      throw new IllegalArgumentException("cursor run must not be negative, got " + run);
    }
  }

  /** The cursor of a segment of {@code run} whose last word ends at {@code endSeconds}. */
  public static Cursor at(long run, double endSeconds) {
    return new Cursor(run, Math.round(endSeconds * 1000));
  }

  /** Reads {@code "<run>:<endMillis>"}, e.g. {@code "0:168750"}. */
  public static Cursor parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "a cursor is '<run>:<end in ms>' (e.g. 0:168750), got '" + EchoedInput.of(text) + "'");
    }
    try {
      return new Cursor(
          Long.parseLong(text.substring(0, colon).trim()),
          Long.parseLong(text.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a cursor is '<run>:<end in ms>' (e.g. 0:168750), got '" + EchoedInput.of(text) + "'");
    }
  }

  @Override
  public int compareTo(Cursor other) {
    int byRun = Long.compare(run, other.run);
    return byRun != 0 ? byRun : Long.compare(endMillis, other.endMillis);
  }

  @Override
  public String toString() {
    return run + ":" + endMillis;
  }
}
