package io.captionflow.ingest.chunking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  @Test
  void cutsFixedChunksNumberedFromZeroAndEndsWithTheRemainder() {
    Chunker chunker = new Chunker("talk-1", 100, 0, () -> 42L);
    float[] samples = new float[1600 * 3 + 500];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) Math.sin(i * 0.01) * 0.5f;
    }
    List<AudioChunk> chunks = new ArrayList<>();
    // arbitrary pieces, as a live source delivers them
    int[] pieces = {1, 999, 1600, 2000, 700};
    int pos = 0;
    for (int len : pieces) {
      chunks.addAll(chunker.add(java.util.Arrays.copyOfRange(samples, pos, pos + len)));
      pos += len;
    }
    assertEquals(samples.length, pos);
    assertEquals(3, chunks.size());
    chunks.add(chunker.finish());

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      AudioChunk c = chunks.get(i);
      assertEquals(i, c.getSequence());
      assertEquals("talk-1", c.getSessionId());
      assertEquals(16000, c.getSampleRate());
      assertEquals(AudioEncoding.PCM16, c.getEncoding());
      assertEquals(1, c.getChannels());
      assertEquals(42L, c.getCaptureTimeMillis());
      assertEquals(i == 3, c.getEndOfStream());
      assertEquals(i < 3 ? 3200 : 1000, c.getPcm().remaining());
      all.writeBytes(bytes(c));
    }
    assertArrayEquals(PcmCodec.encodePcm16(samples), all.toByteArray());
  }

  @Test
  void exactMultipleEndsWithAnEmptyEndOfStreamChunk() {
    Chunker chunker = new Chunker("s", 20, 7, () -> 0L);
    assertEquals(2, chunker.add(new float[640]).size());
    AudioChunk last = chunker.finish();
    assertTrue(last.getEndOfStream());
    assertEquals(9, last.getSequence());
    assertEquals(0, last.getPcm().remaining());
    assertThrows(IllegalStateException.class, () -> chunker.add(new float[1]));
  }

  @Test
  void rejectsInvalidSessionIdsAndChunkLengths() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Chunker("bad id/../x", 100, 0, () -> 0L));
    assertTrue(e.getMessage().contains("invalid session id 'bad id/../x'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new Chunker("x".repeat(129), 100, 0, () -> 0L));
    assertThrows(IllegalArgumentException.class, () -> new Chunker("ok", 0, 0, () -> 0L));
    assertFalse(new Chunker("ok", 100, 0, () -> 0L).chunkSamples() != 1600);
  }

  static byte[] bytes(AudioChunk c) {
    byte[] b = new byte[c.getPcm().remaining()];
    c.getPcm().duplicate().get(b);
    return b;
  }
}
