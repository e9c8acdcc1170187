package io.captionflow.job.confirmation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Compact binary form of token and word lists for session state. */
public final class TokenIO {

  private TokenIO() {}

  public static void writeTokens(DataOutput out, List<TimedToken> tokens) throws IOException {
    out.writeInt(tokens.size());
    for (TimedToken t : tokens) {
      out.writeInt(t.id());
      out.writeUTF(t.piece());
      out.writeDouble(t.startSeconds());
      out.writeDouble(t.endSeconds());
      out.writeFloat(t.confidence());
    }
  }

  public static List<TimedToken> readTokens(DataInput in) throws IOException {
    int n = in.readInt();
    List<TimedToken> tokens = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tokens.add(
          new TimedToken(
              in.readInt(), in.readUTF(), in.readDouble(), in.readDouble(), in.readFloat()));
    }
    return tokens;
  }

  public static void writeWords(DataOutput out, List<ConfirmedWord> words) throws IOException {
    out.writeInt(words.size());
    for (ConfirmedWord w : words) {
      out.writeUTF(w.text());
      out.writeDouble(w.startSeconds());
      out.writeDouble(w.endSeconds());
      out.writeFloat(w.confidence());
      out.writeByte(w.speaker() == null ? -1 : w.speaker());
      out.writeBoolean(w.speakerOverlap());
    }
  }

  /**
   * {@code withSpeakers}: false for state written before words carried speakers (session state
   * format 1).
   */
  public static List<ConfirmedWord> readWords(DataInput in, boolean withSpeakers)
      throws IOException {
    int n = in.readInt();
    List<ConfirmedWord> words = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ConfirmedWord w =
          new ConfirmedWord(in.readUTF(), in.readDouble(), in.readDouble(), in.readFloat());
      if (withSpeakers) {
        int speaker = in.readByte();
        boolean overlap = in.readBoolean();
        w = speaker < 0 ? w : w.withSpeaker(speaker, overlap);
      }
      words.add(w);
    }
    return words;
  }
}
