package io.captionflow.schema.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import org.junit.jupiter.api.Test;

class AudioChunksTest {

  @Test
  void aChunkIsSixteenKilohertzMonoPcm16OfTheGivenSamples() {
    float[] samples = {0.9f, 0.5f, -0.25f, 1.0f, -1.0f};
    AudioChunk chunk = AudioChunks.pcm16("room", 7, samples, 1, 4, 1234L, true);
    assertEquals("room", chunk.getSessionId());
    assertEquals(7L, chunk.getSequence());
    assertEquals(16_000, chunk.getSampleRate());
    assertEquals(AudioEncoding.PCM16, chunk.getEncoding());
    assertEquals(1, chunk.getChannels());
    assertEquals(1234L, chunk.getCaptureTimeMillis());
    assertEquals(true, chunk.getEndOfStream());
    byte[] pcm = new byte[chunk.getPcm().remaining()];
    chunk.getPcm().duplicate().get(pcm);
    // 0.5 -> 16384, -0.25 -> -8192, 1.0 clamps to 32767, -1.0 -> -32768; little-endian
    assertArrayEquals(
        new byte[] {0x00, 0x40, 0x00, (byte) 0xe0, (byte) 0xff, 0x7f, 0x00, (byte) 0x80}, pcm);
  }

  @Test
  void encodedBytesGoOnUnchangedAndTheChunkRoundTripsThroughAvro() {
    byte[] pcm = {1, 2, 3, 4};
    AudioChunk chunk = AudioChunks.pcm16("room", 0, pcm, 99L, false);
    assertEquals(chunk, AvroCodec.audioChunk().decode(AvroCodec.audioChunk().encode(chunk)));
    assertEquals(4, chunk.getPcm().remaining());
    assertEquals(false, chunk.getEndOfStream());
  }

  @Test
  void anEmptyEndOfStreamChunkIsAllowed() {
    assertEquals(
        0, AudioChunks.pcm16("room", 3, new float[0], 0, 0, 0L, true).getPcm().remaining());
  }

  @Test
  void aNegativeSequenceIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AudioChunks.pcm16("room", -1, new byte[2], 0L, false));
    assertEquals("chunk sequence of session room must be >= 0, got -1", e.getMessage());
  }

  @Test
  void oddLengthPcmIsRefusedWithItsName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AudioChunks.pcm16("room", 0, new byte[3], 0L, false));
    assertEquals(
        "chunk pcm of session room must be whole 2-byte PCM16 samples, got 3 bytes",
        e.getMessage());
  }

  @Test
  void millisAreWholeMillisecondsAtSixteenKilohertz() {
    assertEquals(100L, AudioChunks.millis(1_600));
    assertEquals(1_000L, AudioChunks.millis(16_000));
    assertEquals(0L, AudioChunks.millis(15));
  }
}
