package io.captionflow.job.session;

/**
 * Where a session's ring audio is kept in state: blocks of {@link AudioRing#BLOCK_SAMPLES} PCM16
 * samples by block number, so a checkpoint writes the audio appended since the last one, not the
 * whole ring (the job: a {@code MapState}).
 */
public interface AudioBlocks {

  byte[] get(long block) throws Exception;

  void put(long block, byte[] bytes) throws Exception;

  void remove(long block) throws Exception;
}
