package io.captionflow.sink.bench;

import java.nio.ByteBuffer;

/**
 * Reads the frames a WebSocket server sends (unmasked, RFC 6455 §5.2) out of a connection's
 * received bytes, without copying a complete frame's payload: the bench client reads thousands of
 * connections on one thread, so it must cost little per message.
 */
final class FrameReader {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;

  /** What to do with one complete message; {@code payload} is valid only during the call. */
  interface Handler {
    void message(int opcode, ByteBuffer payload);
  }

  private final int maxMessageBytes;
  private ByteBuffer fragments;
  private int fragmentedOpcode = -1;

  /**
   * @param maxMessageBytes the largest message accepted (a fragmented one is reassembled up to it)
   */
  FrameReader(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Hands every complete frame in {@code in} (flipped for reading) to {@code handler} and leaves an
   * incomplete last frame unread.
   *
   * @throws IllegalStateException when the server masks its frames or a message is too large
   */
  void read(ByteBuffer in, Handler handler) {
    while (in.remaining() >= 2) {
      int start = in.position();
      int b0 = in.get(start) & 0xff;
      int b1 = in.get(start + 1) & 0xff;
      if ((b1 & 0x80) != 0) {
        throw new IllegalStateException("server frames must not be masked (RFC 6455 §5.1)");
      }
      int header = 2;
      long length = b1 & 0x7f;
      if (length == 126) {
        header = 4;
        if (in.remaining() < header) {
          return;
        }
        length = in.getShort(start + 2) & 0xffff;
      } else if (length == 127) {
        header = 10;
        if (in.remaining() < header) {
          return;
        }
        length = in.getLong(start + 2);
      }
      if (length < 0 || length > maxMessageBytes) {
        throw new IllegalStateException("frame of " + length + " bytes; limit " + maxMessageBytes);
      }
      if (in.remaining() < header + length) {
        return;
      }
      ByteBuffer payload = in.duplicate();
      payload.position(start + header).limit(start + header + (int) length);
      in.position(start + header + (int) length);
      deliver((b0 & 0x80) != 0, b0 & 0x0f, payload, handler);
    }
  }

  private void deliver(boolean fin, int opcode, ByteBuffer payload, Handler handler) {
    if (opcode >= 0x8) { // control frames are never fragmented and may come between fragments
      handler.message(opcode, payload);
      return;
    }
    if (opcode != CONTINUATION) {
      if (fin) {
        handler.message(opcode, payload);
        return;
      }
      fragmentedOpcode = opcode;
      fragments = ByteBuffer.allocate(maxMessageBytes);
    }
    if (fragments == null) {
      throw new IllegalStateException("continuation frame without a first fragment");
    }
    if (payload.remaining() > fragments.remaining()) {
      throw new IllegalStateException("fragmented message over " + maxMessageBytes + " bytes");
    }
    fragments.put(payload);
    if (fin) {
      handler.message(fragmentedOpcode, fragments.flip());
      fragments = null;
      fragmentedOpcode = -1;
    }
  }

  /** A masked client frame (RFC 6455 §5.3) carrying {@code payload}; control frames are small. */
  static ByteBuffer clientFrame(int opcode, ByteBuffer payload, int maskKey) {
    int length = payload.remaining();
    if (length > 125) {
      throw new IllegalArgumentException("control frame payload over 125 bytes: " + length);
    }
    ByteBuffer frame = ByteBuffer.allocate(6 + length);
    frame.put((byte) (0x80 | opcode)).put((byte) (0x80 | length)).putInt(maskKey);
    for (int i = 0; i < length; i++) {
      frame.put((byte) (payload.get(payload.position() + i) ^ (maskKey >>> (8 * (3 - i % 4)))));
    }
    return frame.flip();
  }
}
