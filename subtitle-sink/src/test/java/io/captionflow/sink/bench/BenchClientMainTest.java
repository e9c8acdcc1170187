package io.captionflow.sink.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchClientMainTest {

  private static ByteBuffer message(String json) {
    // the payload sits inside a larger buffer, as a frame does in a connection's read buffer
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(body.length + 10);
    buffer.position(4).put(body);
    return buffer.position(4).limit(4 + body.length);
  }

  @Test
  void recordsMeasuredSegmentsOnlyWithTheirProduceToReceiveLatency() {
    long[] latencies = new long[3];
    BenchClientMain.Recorder recorder = new BenchClientMain.Recorder(latencies, 2);
    recorder.text(message("{\"type\":\"hello\",\"sequence\":5}"), 9_000);
    recorder.text(message("{\"type\":\"segment\",\"sequence\":1,\"text\":\"@100 x\"}"), 9_000);
    recorder.text(message("{\"type\":\"segment\",\"sequence\":2,\"text\":\"@1000 x\"}"), 1_250);
    recorder.text(
        message("{\"type\":\"segment\",\"sequence\":13,\"words\":[],\"text\":\"@70 y\"}"), 100);
    assertEquals(2, recorder.count());
    assertArrayEquals(new long[] {250, 30, 0}, latencies);
  }

  @Test
  void readsTheNumbersAfterTheirKeys() {
    ByteBuffer m = message("{\"type\":\"segment\",\"sequence\":42,\"text\":\"@123456789 w\"}");
    assertEquals(42, BenchClientMain.sequenceOf(m));
    assertEquals(123456789L, BenchClientMain.producedNanosOf(m));
    assertEquals(4, m.position(), "reading leaves the message as it was");
  }
}
