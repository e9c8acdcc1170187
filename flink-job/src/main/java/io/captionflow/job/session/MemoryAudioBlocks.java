package io.captionflow.job.session;

import java.util.HashMap;
import java.util.Map;

/** Audio blocks kept in memory, counting the bytes written: for benchmarks and tests. */
public final class MemoryAudioBlocks implements AudioBlocks {

  private final Map<Long, byte[]> blocks = new HashMap<>();
  private long bytesWritten;

  @Override
  public byte[] get(long block) {
    return blocks.get(block);
  }

  @Override
  public void put(long block, byte[] bytes) {
    blocks.put(block, bytes);
    bytesWritten += bytes.length;
  }

  @Override
  public void remove(long block) {
    blocks.remove(block);
  }

  /** Bytes put so far. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** Blocks held now. */
  public int size() {
    return blocks.size();
  }

  /** What is stored now, as a checkpoint would keep it. */
  public MemoryAudioBlocks copy() {
    MemoryAudioBlocks c = new MemoryAudioBlocks();
    c.blocks.putAll(blocks);
    return c;
  }
}
