package io.captionflow.sink.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.transcript.WordAlignment;
import io.captionflow.sink.session.Caption;
import io.captionflow.sink.session.Caption.CaptionWord;
import io.captionflow.sink.session.EnhancedSnapshot;
import io.captionflow.sink.session.EnhancementStatus;
import io.captionflow.sink.session.TranscriptComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code enhanced.json}: segments with their words and the live comparison, field by field. */
class EnhancedJsonTest {

  private static final Caption HELLO_WORLD =
      new Caption(
          "s",
          0,
          "s/0/enhanced/0",
          0,
          true,
          "hello world",
          List.of(
              new CaptionWord("hello", 0.0, 0.4, 0.95f, 0),
              new CaptionWord("world", 0.48, 0.9600000000000001, 0.5f, 0)),
          0,
          false,
          0.0,
          0.9600000000000001,
          "en",
          null,
          2000);

  @Test
  void segmentsCarryTheirWordsAndTheComparisonItsRangeAndCounts() {
    EnhancedSnapshot e =
        new EnhancedSnapshot(
            "s",
            0L,
            EnhancementStatus.COMPLETE,
            List.of(HELLO_WORLD),
            2,
            100_000,
            false,
            0,
            new TranscriptComparison(0.25, 2.5, false, 3, new WordAlignment(2, 1, 1, 0)));
    assertEquals(
        "{\"sessionId\":\"s\",\"run\":0,\"status\":\"COMPLETE\",\"segmentCount\":1,"
            + "\"wordCount\":2,\"wordLimit\":100000,\"truncated\":false,\"missingSequences\":0,"
            + "\"segments\":[{\"sequence\":0,\"text\":\"hello world\",\"speaker\":0,"
            + "\"speakerOverlap\":false,\"start\":0.0,\"end\":0.96,\"language\":\"en\","
            + "\"words\":[{\"text\":\"hello\",\"start\":0.0,\"end\":0.4,\"confidence\":0.95,"
            + "\"speaker\":0},{\"text\":\"world\",\"start\":0.48,\"end\":0.96,\"confidence\":0.5,"
            + "\"speaker\":0}],\"emitTimeMillis\":2000}],"
            + "\"comparison\":{\"reference\":\"enhanced\",\"hypothesis\":\"live\",\"from\":0.25,"
            + "\"to\":2.5,\"wholeTranscript\":false,\"referenceWords\":2,\"liveWords\":3,"
            + "\"substitutions\":1,\"insertions\":1,\"deletions\":0,\"errors\":2,\"errorRate\":1.0}}",
        EnhancedJson.render(e));
  }

  @Test
  void withoutALiveTranscriptToCompareTheComparisonIsNull() {
    EnhancedSnapshot e =
        new EnhancedSnapshot(
            "s", 3L, EnhancementStatus.COMPLETE, List.of(HELLO_WORLD), 2, 10, true, 4, null);
    String json = EnhancedJson.render(e);
    assertEquals(true, json.endsWith("\"emitTimeMillis\":2000}],\"comparison\":null}"), json);
    assertEquals(
        true,
        json.startsWith(
            "{\"sessionId\":\"s\",\"run\":3,\"status\":\"COMPLETE\",\"segmentCount\":1,"
                + "\"wordCount\":2,\"wordLimit\":10,\"truncated\":true,\"missingSequences\":4,"),
        json);
  }
}
