package io.captionflow.sink.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON messages a WebSocket subscriber receives (documented with examples in
 * subtitle-sink/README.md). Each is written once per event and the same string goes to every
 * subscriber. Times are session seconds rounded to the millisecond ({@link JsonSeconds}).
 */
public final class WireMessages {

  public static final ObjectMapper JSON = new ObjectMapper();

  private WireMessages() {}

  /**
   * First message on every connection: where the session stands and which history follows. {@code
   * run} and {@code cursor} are null before the session's first run / the run's first segment;
   * {@code historyComplete} is false when segments after {@code after} fell out of the bounded
   * history; {@code enhanced} is true once the run's enhanced transcript is complete.
   */
  public static String hello(
      String sessionId,
      String state,
      Long run,
      String language,
      boolean speaking,
      boolean partials,
      Object after,
      Cursor cursor,
      long lastSequence,
      int historyCount,
      boolean historyComplete,
      boolean enhanced) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "hello");
    n.put("sessionId", sessionId);
    n.put("state", state);
    n.put("run", run);
    n.put("language", language);
    n.put("speaking", speaking);
    n.put("partials", partials);
    if (after instanceof Long sequence) {
      n.put("after", sequence);
    } else {
      n.put("after", after == null ? null : after.toString());
    }
    n.put("cursor", cursor == null ? null : cursor.toString());
    n.put("lastSequence", lastSequence);
    n.put("historyCount", historyCount);
    n.put("historyComplete", historyComplete);
    n.put("enhanced", enhanced);
    return write(n);
  }

  /**
   * A confirmed ({@code "type":"segment"}, with its {@code cursor}) or partial ({@code
   * "type":"partial"}, no cursor: it is not a place to resume from) caption.
   */
  public static String caption(Caption c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", c.isFinal() ? "segment" : "partial");
    n.put("sessionId", c.sessionId());
    n.put("id", c.id());
    n.put("run", c.run());
    if (c.isFinal()) {
      n.put("cursor", c.cursor().toString());
    }
    n.put("sequence", c.sequence());
    n.put("final", c.isFinal());
    n.put("text", c.text());
    n.put("speaker", c.speaker());
    n.put("speakerOverlap", c.speakerOverlap());
    n.put("start", JsonSeconds.rounded(c.startSeconds()));
    n.put("end", JsonSeconds.rounded(c.endSeconds()));
    n.put("language", c.language());
    putWords(n, c.words());
    n.put("emitTimeMillis", c.emitTimeMillis());
    n.put("captureTimeMillis", c.captureTimeMillis());
    return write(n);
  }

  /**
   * Final words of the open segment ({@code "type":"words"}), sent to every subscriber as soon as
   * the job confirms them; the segment that closes the line carries them again. No cursor: not a
   * place to resume from.
   */
  public static String words(FinalWords f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "words");
    n.put("sessionId", f.sessionId());
    n.put("run", f.run());
    n.put("sequence", f.sequence());
    n.put("final", true);
    n.put("text", f.text());
    n.put("speaker", f.words().get(0).speaker());
    n.put("start", JsonSeconds.rounded(f.words().get(0).startSeconds()));
    n.put("end", JsonSeconds.rounded(f.words().get(f.words().size() - 1).endSeconds()));
    n.put("language", f.language());
    putWords(n, f.words());
    n.put("emitTimeMillis", f.emitTimeMillis());
    n.put("captureTimeMillis", f.captureTimeMillis());
    return write(n);
  }

  /** Puts {@code list} as the {@code words} array of {@code n}, as every message carries them. */
  public static void putWords(ObjectNode n, java.util.List<Caption.CaptionWord> list) {
    ArrayNode words = n.putArray("words");
    for (Caption.CaptionWord w : list) {
      ObjectNode wn = words.addObject();
      wn.put("text", w.text());
      wn.put("start", JsonSeconds.rounded(w.startSeconds()));
      wn.put("end", JsonSeconds.rounded(w.endSeconds()));
      wn.put("confidence", w.confidence());
      wn.put("speaker", w.speaker());
    }
  }

  /** Voice activity change: speech started ({@code speaking:true}) or ended. */
  public static String speech(String sessionId, boolean speaking, double atSeconds) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "speech");
    n.put("sessionId", sessionId);
    n.put("speaking", speaking);
    n.put("at", JsonSeconds.rounded(atSeconds));
    return write(n);
  }

  /** Session lifecycle: STARTED, ENDED, EXPIRED or REFUSED. */
  public static String session(
      String sessionId, long run, String state, String language, String reason, double atSeconds) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "session");
    n.put("sessionId", sessionId);
    n.put("run", run);
    n.put("state", state);
    n.put("language", language);
    n.put("reason", reason);
    n.put("at", JsonSeconds.rounded(atSeconds));
    return write(n);
  }

  /**
   * The run's enhanced transcript is complete ({@code "type":"enhanced"}): {@code segments} and
   * {@code words} it holds, served at {@code /api/sessions/{id}/enhanced.vtt|.srt|.json}.
   */
  public static String enhanced(String sessionId, long run, int segments, int words) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "enhanced");
    n.put("sessionId", sessionId);
    n.put("run", run);
    n.put("segments", segments);
    n.put("words", words);
    return write(n);
  }

  private static String write(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON message", e);
    }
  }
}
