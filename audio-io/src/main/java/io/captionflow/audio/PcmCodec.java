package io.captionflow.audio;

/**
 * Little-endian PCM bytes to floats in [-1, 1] and back: signed 16-bit (s16le) and IEEE float 32
 * (f32le). PCM16 decodes as {@code s / 32768} and encodes as {@code round(x * 32768)} clamped, so a
 * decode/encode round trip is exact.
 */
public final class PcmCodec {

  private PcmCodec() {}

  /** Decodes {@code length} bytes of s16le starting at {@code offset}; length must be even. */
  public static float[] decodePcm16(byte[] bytes, int offset, int length) {
    if (length % 2 != 0) {
      throw new IllegalArgumentException(
          "PCM16 data must have an even number of bytes, got " + length);
    }
    float[] out = new float[length / 2];
    for (int i = 0, p = offset; i < out.length; i++, p += 2) {
      out[i] = (short) ((bytes[p] & 0xff) | (bytes[p + 1] << 8)) / 32768f;
    }
    return out;
  }

  public static float[] decodePcm16(byte[] bytes) {
    return decodePcm16(bytes, 0, bytes.length);
  }

  /** Encodes floats as s16le, clamping to [-1, 1). */
  public static byte[] encodePcm16(float[] samples, int offset, int length) {
    byte[] out = new byte[length * 2];
    for (int i = 0; i < length; i++) {
      int s = toPcm16(samples[offset + i]);
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  public static byte[] encodePcm16(float[] samples) {
    return encodePcm16(samples, 0, samples.length);
  }

  /** One float sample as a clamped signed 16-bit value. */
  public static int toPcm16(float sample) {
    if (Float.isNaN(sample)) {
      return 0;
    }
    long s = Math.round((double) sample * 32768.0);
    return (int) Math.max(-32768, Math.min(32767, s));
  }

  /**
   * Decodes {@code length} bytes of f32le starting at {@code offset}; length must be a multiple of
   * 4.
   */
  public static float[] decodeF32(byte[] bytes, int offset, int length) {
    if (length % 4 != 0) {
      throw new IllegalArgumentException("F32 data must have a multiple of 4 bytes, got " + length);
    }
    float[] out = new float[length / 4];
    for (int i = 0, p = offset; i < out.length; i++, p += 4) {
      int bits =
          (bytes[p] & 0xff)
              | (bytes[p + 1] & 0xff) << 8
              | (bytes[p + 2] & 0xff) << 16
              | bytes[p + 3] << 24;
      out[i] = Float.intBitsToFloat(bits);
    }
    return out;
  }

  public static float[] decodeF32(byte[] bytes) {
    return decodeF32(bytes, 0, bytes.length);
  }

  /** Encodes floats as f32le, unchanged (no clamping). */
  public static byte[] encodeF32(float[] samples, int offset, int length) {
    byte[] out = new byte[length * 4];
    for (int i = 0; i < length; i++) {
      int bits = Float.floatToRawIntBits(samples[offset + i]);
      int p = 4 * i;
      out[p] = (byte) bits;
      out[p + 1] = (byte) (bits >> 8);
      out[p + 2] = (byte) (bits >> 16);
      out[p + 3] = (byte) (bits >> 24);
    }
    return out;
  }

  public static byte[] encodeF32(float[] samples) {
    return encodeF32(samples, 0, samples.length);
  }
}
