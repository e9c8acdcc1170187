package io.captionflow.diarization.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes NIST RTTM speaker turns: {@code SPEAKER <file> <chan> <start> <dur> <NA> <NA>
 * <speaker> <NA> <NA>}. Other record types (SPKR-INFO, LEXEME, ...), blank lines and {@code ;;}
 * comments are skipped when reading.
 */
public final class Rttm {

  private Rttm() {}

  public static List<SpeakerTurn> read(Path path) throws IOException {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (RttmFormatException e) {
      throw new RttmFormatException(path + ": " + e.getMessage());
    }
  }

  /**
   * Parses RTTM text; a malformed SPEAKER line throws {@link RttmFormatException} naming its line
   * number.
   */
  public static List<SpeakerTurn> parse(String text) {
    List<SpeakerTurn> turns = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith(";;")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (!f[0].equals("SPEAKER")) {
        continue;
      }
      if (f.length < 8) {
        throw new RttmFormatException(
            "line "
                + (i + 1)
                + ": SPEAKER needs at least 8 fields"
                + " (type file chan start dur ortho stype name), found "
                + f.length
                + ": '"
                + line
                + "'");
      }
      int channel = parseChannel(f[2], i + 1);
      double start = parseSeconds(f[3], "start", i + 1);
      double duration = parseSeconds(f[4], "duration", i + 1);
      if (duration == 0) {
        continue; // zero-length turns carry no speech time
      }
      turns.add(new SpeakerTurn(f[1], channel, start, start + duration, f[7]));
    }
    return turns;
  }

  public static void write(Path path, List<SpeakerTurn> turns) {
    try {
      Files.writeString(path, format(turns), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write RTTM " + path, e);
    }
  }

  /** One SPEAKER line per turn, times in seconds with millisecond precision. */
  public static String format(List<SpeakerTurn> turns) {
    StringBuilder out = new StringBuilder();
    for (SpeakerTurn t : turns) {
      out.append(
          String.format(
              Locale.ROOT,
              "SPEAKER %s %d %.3f %.3f <NA> <NA> %s <NA> <NA>%n",
              t.file(),
              t.channel(),
              t.start(),
              t.duration(),
              t.speaker()));
    }
    return out.toString();
  }

  private static int parseChannel(String field, int line) {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new RttmFormatException(
          "line " + line + ": channel must be an integer, found '" + field + "'");
    }
  }

  private static double parseSeconds(String field, String what, int line) {
    double v;
    try {
      v = Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw new RttmFormatException(
          "line " + line + ": " + what + " must be a number of seconds, found '" + field + "'");
    }
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new RttmFormatException(
          "line " + line + ": " + what + " must be a finite number >= 0, found '" + field + "'");
    }
    return v;
  }
}
