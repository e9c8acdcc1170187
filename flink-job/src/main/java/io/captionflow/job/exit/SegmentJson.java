package io.captionflow.job.exit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Word;

/**
 * One segment as one line of JSON for {@code transcribe --stream --json}: {@code start}, {@code
 * end}, {@code text} and {@code words} (each {@code word}, {@code start}, {@code end}), times in
 * seconds rounded to milliseconds; {@code speaker} (from 1) with diarization, {@code final:false}
 * on partials.
 */
public final class SegmentJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SegmentJson() {}

  public static String line(SubtitleSegment s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("start", millis(s.getStartSeconds()));
    root.put("end", millis(s.getEndSeconds()));
    root.put("text", s.getText());
    if (s.getSpeaker() != null) {
      root.put("speaker", s.getSpeaker() + 1);
    }
    if (!s.getIsFinal()) {
      root.put("final", false);
    }
    ArrayNode words = root.putArray("words");
    for (Word w : s.getWords()) {
      words
          .addObject()
          .put("word", w.getText())
          .put("start", millis(w.getStartSeconds()))
          .put("end", millis(w.getEndSeconds()));
    }
    return root.toString();
  }

  /** Audio times are sums of frame steps (2.8000000000000003); a millisecond is what they mean. */
  static double millis(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
