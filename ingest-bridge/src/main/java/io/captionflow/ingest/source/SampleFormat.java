package io.captionflow.ingest.source;

import io.captionflow.audio.PcmCodec;
import java.util.Locale;

/** Raw little-endian sample encodings accepted from pipes and WebSocket clients. */
public enum SampleFormat {
  S16LE(2),
  F32LE(4);

  private final int bytesPerSample;

  SampleFormat(int bytesPerSample) {
    this.bytesPerSample = bytesPerSample;
  }

  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** Decodes whole samples; {@code length} must be a multiple of {@link #bytesPerSample()}. */
  public float[] decode(byte[] bytes, int offset, int length) {
    return this == S16LE
        ? PcmCodec.decodePcm16(bytes, offset, length)
        : PcmCodec.decodeF32(bytes, offset, length);
  }

  /** Parses s16le / pcm16 / f32le / f32 (case-insensitive). */
  public static SampleFormat parse(String name) {
    switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "s16le":
      case "pcm16":
        return S16LE;
      case "f32le":
      case "f32":
        return F32LE;
      default:
        throw new IllegalArgumentException(
            "unsupported sample format '" + name + "' (supported: s16le or pcm16, f32le or f32)");
    }
  }
}
