package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class AudioRingTest {

  @Test
  void keepsTheLastSamplesOnTheSessionClock() {
    AudioRing ring = new AudioRing(4);
    ring.append(new float[] {0.5f, -0.5f, 0.25f}, 0, 3);
    ring.appendSilence(2);
    ring.append(new float[] {0.125f}, 0, 1);
    assertEquals(6, ring.totalSamples());
    assertEquals(2, ring.oldestSample());
    assertArrayEquals(new float[] {0.25f, 0f, 0f, 0.125f}, ring.read(2, 6));
    assertThrows(IllegalArgumentException.class, () -> ring.read(1, 6));
  }

  @Test
  void filledBlocksAreWrittenAsTheyFillAndTheCheckpointWritesOnlyThePartlyFilledOne()
      throws Exception {
    AudioRing ring = new AudioRing(3 * AudioRing.BLOCK_SAMPLES);
    MemoryAudioBlocks blocks = new MemoryAudioBlocks();
    float[] samples = new float[AudioRing.BLOCK_SAMPLES + 100];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (i % 200 - 100) / 128f;
    }
    ring.append(samples, 0, samples.length);
    ring.persistFilledBlocks(blocks);
    assertEquals(1, blocks.size(), "block 0 is full, block 1 is not");
    assertEquals(8 + 2L * AudioRing.BLOCK_SAMPLES, blocks.bytesWritten());
    ring.persistFilledBlocks(blocks);
    assertEquals(8 + 2L * AudioRing.BLOCK_SAMPLES, blocks.bytesWritten(), "nothing new filled");

    long lowest = ring.persist(blocks, 0);
    assertEquals(0, lowest);
    assertEquals(2, blocks.size());
    assertEquals(8 + 2L * AudioRing.BLOCK_SAMPLES + 8 + 2 * 100, blocks.bytesWritten());
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    ring.writeMeta(new DataOutputStream(meta));
    AudioRing restored =
        AudioRing.readMeta(
            new DataInputStream(new ByteArrayInputStream(meta.toByteArray())), blocks);
    assertArrayEquals(ring.read(0, samples.length), restored.read(0, samples.length));
  }
}
