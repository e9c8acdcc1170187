package io.captionflow.sink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.sink.session.Cursor;
import io.captionflow.sink.session.ResumePoint;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of what the sink parses from a request: the {@code after=} value ({@link
 * ResumePoint}, {@link Cursor}), the session id in a path ({@link SessionPaths}) and the subscribe
 * token configuration ({@link SubscribeTokens}). Each either parses or throws {@link
 * IllegalArgumentException}; a refusal of {@code after=} fits a WebSocket close reason. Without
 * JAZZER_FUZZ only the committed inputs in {@code SinkRequestParsingFuzzTestInputs/parse/} run
 * (README "Fuzzing").
 */
class SinkRequestParsingFuzzTest {

  private static final int MAX_CLOSE_REASON_BYTES = 123;

  @FuzzTest(maxDuration = "60s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    resumePoint(text);
    cursor(text);
    sessionPath(text);
    subscribeTokens(text);
  }

  private static void resumePoint(String after) {
    try {
      ResumePoint point = ResumePoint.parse(after);
      if (point instanceof ResumePoint.AfterCursor resume) {
        assertEquals(resume.cursor(), Cursor.parse(resume.cursor().toString()));
      }
    } catch (IllegalArgumentException refused) {
      int bytes = refused.getMessage().getBytes(StandardCharsets.UTF_8).length;
      assertTrue(
          bytes <= MAX_CLOSE_REASON_BYTES, "close reason of " + bytes + " bytes: " + refused);
    }
  }

  private static void cursor(String text) {
    try {
      Cursor cursor = Cursor.parse(text);
      assertTrue(cursor.run() >= 0, "negative run " + cursor);
    } catch (IllegalArgumentException refused) {
      // the documented refusal
    }
  }

  private static void sessionPath(String id) {
    String path = SubscribeCreator.PREFIX + id;
    String parsed = SessionPaths.sessionId(path, SubscribeCreator.PREFIX, "");
    if (parsed != null) {
      assertEquals(id, parsed);
      assertFalse(parsed.contains("/") || parsed.isBlank(), "session id '" + parsed + "'");
    }
    String export = SessionPaths.sessionId("/api/sessions/" + id, "/api/sessions/", ".vtt");
    if (export != null) {
      assertEquals("/api/sessions/" + export + ".vtt", "/api/sessions/" + id);
    }
  }

  private static void subscribeTokens(String spec) {
    try {
      SubscribeTokens.parse(spec);
    } catch (IllegalArgumentException refused) {
      // the documented refusal, naming the entry's position
    }
  }
}
