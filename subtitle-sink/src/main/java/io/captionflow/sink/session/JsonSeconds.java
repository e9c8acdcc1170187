package io.captionflow.sink.session;

/**
 * Session times as JSON shows them: seconds rounded to the millisecond, so a client reads {@code
 * 2.8}, not the binary sum {@code 2.8000000000000003} (audio time has 1 ms resolution at most).
 */
public final class JsonSeconds {

  private JsonSeconds() {}

  /** {@code seconds} rounded to the nearest millisecond (halves up); written with ≤ 3 decimals. */
  public static double rounded(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("time is not a finite number of seconds: " + seconds);
    }
    return Math.round(seconds * 1000) / 1000.0;
  }
}
