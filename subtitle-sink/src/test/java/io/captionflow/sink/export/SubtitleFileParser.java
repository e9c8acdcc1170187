package io.captionflow.sink.export;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict little WebVTT/SRT reader for tests: fails on anything a player could choke on. */
public final class SubtitleFileParser {

  public record Cue(String id, long startMillis, long endMillis, String text) {}

  private static final Pattern VTT_TIMING =
      Pattern.compile(
          "^(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})$");
  private static final Pattern SRT_TIMING =
      Pattern.compile(
          "^(\\d{2}):([0-5]\\d):([0-5]\\d),(\\d{3}) --> (\\d{2}):([0-5]\\d):([0-5]\\d),(\\d{3})$");

  private SubtitleFileParser() {}

  public static List<Cue> parseVtt(String file) {
    if (!file.startsWith("WEBVTT\n\n")) {
      throw new AssertionError("WebVTT must start with 'WEBVTT' and a blank line: " + head(file));
    }
    return parse(file.substring("WEBVTT\n\n".length()), VTT_TIMING, false);
  }

  public static List<Cue> parseSrt(String file) {
    return parse(file, SRT_TIMING, true);
  }

  private static List<Cue> parse(String body, Pattern timing, boolean numbered) {
    List<Cue> cues = new ArrayList<>();
    if (body.isEmpty()) {
      return cues;
    }
    if (!body.endsWith("\n\n")) {
      throw new AssertionError("last cue must end with a blank line");
    }
    if (body.contains("\r")) {
      throw new AssertionError("carriage return in file");
    }
    long previousStart = -1;
    for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
      String[] lines = block.split("\n", -1);
      if (lines.length != 3) {
        throw new AssertionError(
            "cue must be id, timing, one text line; got " + lines.length + " lines: " + block);
      }
      String id = lines[0];
      if (numbered && !id.equals(Integer.toString(cues.size() + 1))) {
        throw new AssertionError(
            "SRT cue number " + id + " where " + (cues.size() + 1) + " was due");
      }
      if (id.isEmpty() || id.contains("-->")) {
        throw new AssertionError("bad cue identifier: '" + id + "'");
      }
      if (cues.stream().anyMatch(c -> c.id().equals(id))) {
        throw new AssertionError("cue identifier " + id + " used twice");
      }
      Matcher m = timing.matcher(lines[1]);
      if (!m.matches()) {
        throw new AssertionError("bad timing line: '" + lines[1] + "'");
      }
      long start = millis(m, 1);
      long end = millis(m, 5);
      if (end <= start) {
        throw new AssertionError(
            "cue " + id + " ends (" + end + ") before it starts (" + start + ")");
      }
      if (start < previousStart) {
        throw new AssertionError("cue " + id + " starts before the previous cue");
      }
      previousStart = start;
      if (lines[2].isBlank() || lines[2].contains("-->")) {
        throw new AssertionError("bad cue text: '" + lines[2] + "'");
      }
      cues.add(new Cue(id, start, end, lines[2]));
    }
    return cues;
  }

  private static long millis(Matcher m, int group) {
    return Long.parseLong(m.group(group)) * 3_600_000
        + Long.parseLong(m.group(group + 1)) * 60_000
        + Long.parseLong(m.group(group + 2)) * 1000
        + Long.parseLong(m.group(group + 3));
  }

  private static String head(String s) {
    return s.substring(0, Math.min(40, s.length()));
  }
}
