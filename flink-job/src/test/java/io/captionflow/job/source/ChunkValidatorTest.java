package io.captionflow.job.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChunkValidatorTest {

  final ChunkValidator validator = new ChunkValidator(2.0);

  static AudioChunk.Builder chunk(byte[] pcm) {
    return AudioChunk.newBuilder()
        .setSessionId("s")
        .setSequence(0)
        .setSampleRate(16_000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(pcm))
        .setCaptureTimeMillis(0);
  }

  String refusal(AudioChunk c) {
    return validator.validate(c).refusal();
  }

  @Test
  void acceptsPcm16AndF32() {
    float[] samples = {0f, 0.5f, -0.25f};
    assertArrayEquals(
        samples, validator.validate(chunk(PcmCodec.encodePcm16(samples)).build()).samples());
    assertArrayEquals(
        samples,
        validator
            .validate(chunk(PcmCodec.encodeF32(samples)).setEncoding(AudioEncoding.F32).build())
            .samples());
    assertTrue(validator.validate(chunk(new byte[0]).setEndOfStream(true).build()).accepted());
  }

  @Test
  void namesEachProblem() {
    assertEquals(
        "sample rate 44100, expected 16000",
        refusal(chunk(new byte[4]).setSampleRate(44_100).build()));
    assertEquals(
        "2 channels, expected 1 (mono)", refusal(chunk(new byte[4]).setChannels(2).build()));
    assertEquals(
        "PCM16 data of 3 bytes is not a whole number of 2-byte samples (odd-length PCM16)",
        refusal(chunk(new byte[3]).build()));
    assertEquals(
        "F32 data of 6 bytes is not a whole number of 4-byte samples",
        refusal(chunk(new byte[6]).setEncoding(AudioEncoding.F32).build()));
    assertEquals(
        "non-finite sample (NaN) at index 1",
        refusal(
            chunk(PcmCodec.encodeF32(new float[] {0f, Float.NaN}))
                .setEncoding(AudioEncoding.F32)
                .build()));
    assertEquals(
        "non-finite sample (Infinity) at index 0",
        refusal(
            chunk(PcmCodec.encodeF32(new float[] {Float.POSITIVE_INFINITY}))
                .setEncoding(AudioEncoding.F32)
                .build()));
    assertEquals(
        "oversize chunk: 32001 samples, at most 32000 (2.0 s) accepted",
        refusal(chunk(new byte[2 * 32_001]).build()));
    assertEquals("negative sequence -1", refusal(chunk(new byte[2]).setSequence(-1).build()));
    assertEquals("empty session id", refusal(chunk(new byte[2]).setSessionId("").build()));
  }
}
