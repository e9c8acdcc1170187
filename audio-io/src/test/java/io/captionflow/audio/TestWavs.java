package io.captionflow.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Builds WAV byte streams with arbitrary headers for reader tests, and finds the shared test
 * recordings.
 */
final class TestWavs {

  private TestWavs() {}

  static Path testdata() {
    return Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
        .resolve("../shared/testdata")
        .normalize();
  }

  static Path speech(String name) {
    return testdata().resolve("speech/librispeech").resolve(name);
  }

  /**
   * A WAV with the given fmt fields followed by {@code data} (declared size {@code
   * declaredDataBytes}).
   */
  static byte[] wav(
      int tag, int channels, int rate, int bits, byte[] data, long declaredDataBytes) {
    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) tag)
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * channels * bits / 8)
        .putShort((short) (channels * bits / 8))
        .putShort((short) bits);
    return riff(chunk("fmt ", fmt.array(), 16), chunk("data", data, declaredDataBytes));
  }

  static byte[] wav(int tag, int channels, int rate, int bits, byte[] data) {
    return wav(tag, channels, rate, bits, data, data.length);
  }

  /** WAVE_FORMAT_EXTENSIBLE header whose SubFormat GUID carries {@code subTag}. */
  static byte[] extensible(int subTag, int channels, int rate, int bits, byte[] data) {
    ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) 0xFFFE)
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * channels * bits / 8)
        .putShort((short) (channels * bits / 8))
        .putShort((short) bits)
        .putShort((short) 22)
        .putShort((short) bits)
        .putInt(channels == 1 ? 4 : 3)
        .putShort((short) subTag)
        .put(
            new byte[] {
              0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
            });
    return riff(
        chunk("fmt ", fmt.array(), 40),
        chunk("LIST", new byte[] {1, 2, 3}, 3),
        chunk("data", data, data.length));
  }

  static byte[] chunk(String id, byte[] body, long declared) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) declared).put(body);
    return b.array();
  }

  static byte[] riff(byte[]... chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int size = 4;
    for (byte[] c : chunks) {
      size += c.length;
    }
    ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(size)
        .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(h.array());
    for (byte[] c : chunks) {
      out.writeBytes(c);
    }
    return out.toByteArray();
  }

  static byte[] le(int bytesPerSample, long... values) {
    ByteBuffer b =
        ByteBuffer.allocate(values.length * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      for (int i = 0; i < bytesPerSample; i++) {
        b.put((byte) (v >> (8 * i)));
      }
    }
    return b.array();
  }

  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
