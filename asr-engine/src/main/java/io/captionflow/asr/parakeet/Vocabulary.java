package io.captionflow.asr.parakeet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model's SentencePiece pieces from {@code vocab.txt} ({@code piece id} per line). The blank is
 * the piece {@code <blk>}; other {@code <…>} pieces (language tags, control tokens) are special:
 * reported, never printed.
 */
public final class Vocabulary {

  public static final String BLANK = "<blk>";

  private final String[] pieces;
  private final int blank;

  public Vocabulary(String[] pieces) {
    this.pieces = pieces.clone();
    int b = -1;
    for (int i = 0; i < pieces.length; i++) {
      if (pieces[i] == null) {
        throw new IllegalArgumentException("vocabulary has no piece with id " + i);
      }
      if (BLANK.equals(pieces[i])) {
        b = i;
      }
    }
    if (b < 0) {
      throw new IllegalArgumentException("vocabulary has no blank piece " + BLANK);
    }
    this.blank = b;
  }

  public static Vocabulary read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String[] pieces = new String[lines.size()];
    int count = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      int id;
      try {
        id = Integer.parseInt(line.substring(space + 1));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        throw new ModelLoadException(
            file + " line " + (n + 1) + ": expected 'piece id', got '" + line + "'");
      }
      if (space <= 0 || id < 0 || id >= pieces.length || pieces[id] != null) {
        throw new ModelLoadException(
            file + " line " + (n + 1) + ": bad or repeated id in '" + line + "'");
      }
      pieces[id] = line.substring(0, space);
      count++;
    }
    String[] dense = java.util.Arrays.copyOf(pieces, count);
    try {
      return new Vocabulary(dense);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(file + ": " + e.getMessage());
    }
  }

  public int size() {
    return pieces.length;
  }

  public int blank() {
    return blank;
  }

  public String piece(int id) {
    return pieces[id];
  }

  /**
   * Control tokens and language tags such as {@code <unk>} or {@code <|en|>}; the blank is special
   * too.
   */
  public boolean isSpecial(int id) {
    String p = pieces[id];
    return p.length() > 1 && p.startsWith("<") && p.endsWith(">");
  }
}
