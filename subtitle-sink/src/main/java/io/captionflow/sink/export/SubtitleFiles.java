package io.captionflow.sink.export;

import io.captionflow.sink.session.Caption;
import java.util.List;

/**
 * WebVTT and SRT files from confirmed captions. A cue never ends before it starts (a zero-length
 * caption gets one millisecond), line breaks inside a caption become spaces, and the speaker
 * appears as a WebVTT voice tag ({@code <v Speaker 1>}) or an SRT prefix ({@code Speaker 1: }).
 */
public final class SubtitleFiles {

  private SubtitleFiles() {}

  /**
   * A WebVTT file; cue identifiers are the captions' cursors ({@code run:endMillis}): unique, and
   * stable across live polls and sink instances, even where a recovered job renumbered segments.
   */
  public static String webVtt(List<Caption> captions) {
    return webVtt(captions, null);
  }

  /**
   * A WebVTT file whose header carries {@code headerLine} after {@code WEBVTT} (e.g. an HLS {@code
   * X-TIMESTAMP-MAP}); null for none.
   */
  public static String webVtt(List<Caption> captions, String headerLine) {
    StringBuilder out = new StringBuilder("WEBVTT\n");
    if (headerLine != null) {
      out.append(headerLine).append('\n');
    }
    out.append('\n');
    for (Caption c : captions) {
      String text = oneLine(c.text());
      if (text.isEmpty()) {
        continue;
      }
      out.append(c.cursor())
          .append('\n')
          .append(CueTime.vtt(start(c)))
          .append(" --> ")
          .append(CueTime.vtt(end(c)))
          .append('\n');
      if (c.speaker() != null) {
        out.append("<v ").append(speakerName(c.speaker())).append('>');
      }
      out.append(escapeVtt(text)).append("\n\n");
    }
    return out.toString();
  }

  /** An SRT file numbered 1, 2, 3, ... */
  public static String srt(List<Caption> captions) {
    StringBuilder out = new StringBuilder();
    int number = 0;
    for (Caption c : captions) {
      String text = oneLine(c.text()).replace("-->", "->");
      if (text.isEmpty()) {
        continue;
      }
      out.append(++number)
          .append('\n')
          .append(CueTime.srt(start(c)))
          .append(" --> ")
          .append(CueTime.srt(end(c)))
          .append('\n');
      if (c.speaker() != null) {
        out.append(speakerName(c.speaker())).append(": ");
      }
      out.append(text).append("\n\n");
    }
    return out.toString();
  }

  /** Speaker 0 is shown as "Speaker 1": people count from one. */
  public static String speakerName(int speaker) {
    return "Speaker " + (speaker + 1);
  }

  private static double start(Caption c) {
    return Math.max(0, c.startSeconds());
  }

  // Compared in whole milliseconds, as written, so rounding cannot make the end precede the start.
  private static double end(Caption c) {
    long startMs = Math.round(start(c) * 1000);
    long endMs = Math.round(c.endSeconds() * 1000);
    return Math.max(endMs, startMs + 1) / 1000.0;
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ").trim();
  }

  private static String escapeVtt(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
