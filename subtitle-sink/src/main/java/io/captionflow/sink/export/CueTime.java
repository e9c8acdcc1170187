package io.captionflow.sink.export;

/**
 * Subtitle timestamps: {@code HH:MM:SS.mmm} (WebVTT) and {@code HH:MM:SS,mmm} (SRT), rounded to the
 * millisecond.
 */
public final class CueTime {

  private CueTime() {}

  public static String vtt(double seconds) {
    return format(seconds, '.');
  }

  public static String srt(double seconds) {
    return format(seconds, ',');
  }

  private static String format(double seconds, char millisSeparator) {
    long millis = Math.max(0, Math.round(seconds * 1000.0));
    long h = millis / 3_600_000;
    long m = millis / 60_000 % 60;
    long s = millis / 1000 % 60;
    long ms = millis % 1000;
    return String.format("%02d:%02d:%02d%c%03d", h, m, s, millisSeparator, ms);
  }
}
