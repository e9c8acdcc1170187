package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordLatencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SubtitleClient.Received message(String json, long at) throws Exception {
    return new SubtitleClient.Received(JSON.readTree(json), at);
  }

  @Test
  void originIsTheEarliestCaptureLessItsChunkEndAndEachWordCountsFromItsOwnEnd() throws Exception {
    // Chunk [0.5, 0.6) was complete at 10_600 (origin 10_000); the later one was paced 40 ms late.
    SubtitleClient.Received first =
        message(
            "{\"type\":\"words\",\"end\":0.56,\"captureTimeMillis\":10600,\"emitTimeMillis\":11000,"
                + "\"words\":[{\"text\":\"hello\",\"start\":0.40,\"end\":0.56}]}",
            11_100);
    SubtitleClient.Received second =
        message(
            "{\"type\":\"words\",\"end\":1.04,\"captureTimeMillis\":11140,\"emitTimeMillis\":11650,"
                + "\"words\":[{\"text\":\"world\",\"start\":0.88,\"end\":1.04}]}",
            11_700);
    SubtitleClient.Received segment =
        message(
            "{\"type\":\"segment\",\"end\":1.04,\"captureTimeMillis\":11140,"
                + "\"words\":[{\"text\":\"hello\",\"start\":0.40,\"end\":0.56},"
                + "{\"text\":\"world\",\"start\":0.88,\"end\":1.04}]}",
            12_500);
    assertEquals(10_000, WordLatency.origin(List.of(first, second, segment)));
    assertEquals(
        List.of(
            new WordLatency.Arrival("hello", 560, 11_000, 11_100, 12_500),
            new WordLatency.Arrival("world", 1040, 11_650, 11_700, 12_500)),
        WordLatency.arrivals(List.of(first, second), List.of(segment)));
  }
}
