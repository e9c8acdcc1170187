package io.captionflow.sink.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  record Message(int opcode, String text) {}

  /** A server frame (unmasked) as RFC 6455 §5.2 lays it out. */
  static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length < 65536) {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    } else {
      out.write(127);
      out.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static List<Message> readAll(FrameReader reader, byte[] bytes, int[] cuts) {
    List<Message> got = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
    int from = 0;
    for (int cut : cuts) {
      buffer.put(bytes, from, cut - from);
      from = cut;
      buffer.flip();
      reader.read(
          buffer, (op, p) -> got.add(new Message(op, StandardCharsets.UTF_8.decode(p).toString())));
      buffer.compact();
    }
    return got;
  }

  private static String text(int length, char c) {
    return String.valueOf(c).repeat(length);
  }

  @Test
  void readsEachLengthEncodingAndLeavesAnIncompleteFrame() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Message> sent =
        List.of(
            new Message(FrameReader.TEXT, text(125, 'a')),
            new Message(FrameReader.TEXT, text(126, 'b')),
            new Message(FrameReader.PING, ""),
            new Message(FrameReader.TEXT, text(70_000, 'c')));
    for (Message m : sent) {
      stream.writeBytes(serverFrame(true, m.opcode(), m.text().getBytes(StandardCharsets.UTF_8)));
    }
    byte[] bytes = stream.toByteArray();
    FrameReader reader = new FrameReader(1 << 20);
    assertEquals(sent.subList(0, 3), readAll(reader, bytes, new int[] {bytes.length - 1}));
  }

  @Property(tries = 50)
  void anySplitOfTheByteStreamGivesTheSameMessages(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 300) Integer> lengths,
      @ForAll @IntRange(min = 1, max = 97) int step) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Message> sent = new ArrayList<>();
    char c = 'a';
    for (int length : lengths) {
      String body = text(length, c++);
      sent.add(new Message(FrameReader.TEXT, body));
      byte[] payload = body.getBytes(StandardCharsets.UTF_8);
      int half = payload.length / 2;
      // every other message arrives in two fragments, a ping between them
      if (length % 2 == 1) {
        stream.writeBytes(
            serverFrame(false, FrameReader.TEXT, java.util.Arrays.copyOf(payload, half)));
        stream.writeBytes(serverFrame(true, FrameReader.PING, new byte[0]));
        sent.add(sent.size() - 1, new Message(FrameReader.PING, ""));
        stream.writeBytes(
            serverFrame(
                true,
                FrameReader.CONTINUATION,
                java.util.Arrays.copyOfRange(payload, half, payload.length)));
      } else {
        stream.writeBytes(serverFrame(true, FrameReader.TEXT, payload));
      }
    }
    byte[] bytes = stream.toByteArray();
    List<Integer> cuts = new ArrayList<>();
    for (int at = step; at < bytes.length; at += step) {
      cuts.add(at);
    }
    cuts.add(bytes.length);
    assertEquals(
        sent,
        readAll(
            new FrameReader(1 << 16), bytes, cuts.stream().mapToInt(Integer::intValue).toArray()));
  }

  @Test
  void refusesMaskedServerFramesAndOversizedMessages() {
    byte[] masked = {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'};
    assertThrows(
        IllegalStateException.class,
        () -> new FrameReader(100).read(ByteBuffer.wrap(masked), (op, p) -> {}));
    byte[] big = serverFrame(true, FrameReader.TEXT, new byte[101]);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new FrameReader(100).read(ByteBuffer.wrap(big), (op, p) -> {}));
    assertEquals("frame of 101 bytes; limit 100", e.getMessage());
  }

  @Test
  void clientFramesAreMaskedWithTheirKey() {
    ByteBuffer frame =
        FrameReader.clientFrame(0xA, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), 0x01020304);
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    assertArrayEquals(
        new byte[] {(byte) 0x8A, (byte) 0x85, 1, 2, 3, 4, 1 ^ 1, 2 ^ 2, 3 ^ 3, 4 ^ 4, 5 ^ 1},
        bytes);
  }
}
