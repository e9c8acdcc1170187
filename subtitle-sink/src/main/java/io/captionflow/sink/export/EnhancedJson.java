package io.captionflow.sink.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.session.Caption;
import io.captionflow.sink.session.EnhancedSnapshot;
import io.captionflow.sink.session.JsonSeconds;
import io.captionflow.sink.session.TranscriptComparison;
import io.captionflow.sink.session.WireMessages;

/**
 * {@code enhanced.json}: a run's enhanced transcript, segments with their words, and how the live
 * transcript compares with it (subtitle-sink/README.md "Enhanced transcripts" shows the shape).
 */
public final class EnhancedJson {

  private EnhancedJson() {}

  public static String render(EnhancedSnapshot e) {
    ObjectNode n = WireMessages.JSON.createObjectNode();
    n.put("sessionId", e.sessionId());
    n.put("run", e.run());
    n.put("status", e.status().name());
    n.put("segmentCount", e.segments().size());
    n.put("wordCount", e.wordCount());
    n.put("wordLimit", e.wordLimit());
    n.put("truncated", e.truncated());
    n.put("missingSequences", e.missingSequences());
    ArrayNode segments = n.putArray("segments");
    for (Caption c : e.segments()) {
      ObjectNode s = segments.addObject();
      s.put("sequence", c.sequence());
      s.put("text", c.text());
      s.put("speaker", c.speaker());
      s.put("speakerOverlap", c.speakerOverlap());
      s.put("start", JsonSeconds.rounded(c.startSeconds()));
      s.put("end", JsonSeconds.rounded(c.endSeconds()));
      s.put("language", c.language());
      WireMessages.putWords(s, c.words());
      s.put("emitTimeMillis", c.emitTimeMillis());
    }
    if (e.comparison() == null) {
      n.putNull("comparison");
    } else {
      putComparison(n.putObject("comparison"), e.comparison());
    }
    try {
      return WireMessages.JSON.writeValueAsString(n);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write the enhanced transcript as JSON", ex);
    }
  }

  private static void putComparison(ObjectNode n, TranscriptComparison c) {
    WordAlignment a = c.alignment();
    n.put("reference", "enhanced");
    n.put("hypothesis", "live");
    n.put("from", JsonSeconds.rounded(c.fromSeconds()));
    n.put("to", JsonSeconds.rounded(c.toSeconds()));
    n.put("wholeTranscript", c.wholeTranscript());
    n.put("referenceWords", a.referenceWords());
    n.put("liveWords", c.liveWords());
    n.put("substitutions", a.substitutions());
    n.put("insertions", a.insertions());
    n.put("deletions", a.deletions());
    n.put("errors", a.errors());
    n.put("errorRate", a.errorRate());
  }
}
