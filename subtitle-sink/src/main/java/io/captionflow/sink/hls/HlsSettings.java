package io.captionflow.sink.hls;

import java.time.Duration;
import java.util.Map;

/**
 * How the sink cuts a session's confirmed captions into an HLS WebVTT rendition.
 *
 * @param segmentSeconds audio seconds per .vtt segment; also the playlist's target duration
 * @param windowSegments segments listed in the live (sliding-window) playlist
 * @param settle in a pause, how long nothing must have arrived before the silent audio counts as
 *     final, and how far its published segments trail the pause's estimated audio time
 * @param mpegtsOffsetSeconds the video's MPEG-TS time (PTS, in seconds) at session audio time 0,
 *     written as each segment's {@code X-TIMESTAMP-MAP}
 * @param programDateTime write {@code EXT-X-PROGRAM-DATE-TIME} (wall clock of each segment's start,
 *     from the captions' capture times) once a capture time is known
 */
public record HlsSettings(
    int segmentSeconds,
    int windowSegments,
    Duration settle,
    double mpegtsOffsetSeconds,
    boolean programDateTime) {

  public static final HlsSettings DEFAULT = new HlsSettings(4, 15, Duration.ofSeconds(3), 0, true);

  public HlsSettings {
    if (segmentSeconds < 1 || segmentSeconds > 60) {
      throw new IllegalArgumentException(
          "HLS segment duration must be 1..60 whole seconds, got " + segmentSeconds);
    }
    if (windowSegments < 3) {
      throw new IllegalArgumentException(
          "HLS window must list at least 3 segments (players start 3 from the end), got "
              + windowSegments);
    }
    if (settle == null || settle.isNegative()) {
      throw new IllegalArgumentException("HLS settle must be a duration >= 0, got " + settle);
    }
    if (!Double.isFinite(mpegtsOffsetSeconds) || mpegtsOffsetSeconds < 0) {
      throw new IllegalArgumentException(
          "HLS MPEG-TS offset must be a number of seconds >= 0, got " + mpegtsOffsetSeconds);
    }
  }

  /**
   * Reads CAPTIONFLOW_HLS_SEGMENT_SECONDS, CAPTIONFLOW_HLS_WINDOW, CAPTIONFLOW_HLS_SETTLE_MILLIS,
   * CAPTIONFLOW_HLS_MPEGTS_OFFSET (seconds) and CAPTIONFLOW_HLS_PROGRAM_DATE_TIME; defaults
   * otherwise.
   */
  public static HlsSettings fromEnvironment(Map<String, String> env) {
    return new HlsSettings(
        (int) number(env, "CAPTIONFLOW_HLS_SEGMENT_SECONDS", DEFAULT.segmentSeconds, true),
        (int) number(env, "CAPTIONFLOW_HLS_WINDOW", DEFAULT.windowSegments, true),
        Duration.ofMillis(
            (long) number(env, "CAPTIONFLOW_HLS_SETTLE_MILLIS", DEFAULT.settle.toMillis(), true)),
        number(env, "CAPTIONFLOW_HLS_MPEGTS_OFFSET", DEFAULT.mpegtsOffsetSeconds, false),
        Boolean.parseBoolean(env.getOrDefault("CAPTIONFLOW_HLS_PROGRAM_DATE_TIME", "true").trim()));
  }

  /** The offset as 90 kHz MPEG-TS ticks, wrapped at 2^33 as PTS values are. */
  public long mpegtsTicks() {
    return Math.round(mpegtsOffsetSeconds * 90_000) % (1L << 33);
  }

  private static double number(
      Map<String, String> env, String name, double fallback, boolean whole) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return whole ? Long.parseLong(value.trim()) : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be " + (whole ? "a whole number" : "a number") + ", got '" + value + "'");
    }
  }
}
