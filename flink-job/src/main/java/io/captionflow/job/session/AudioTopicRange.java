package io.captionflow.job.session;

/**
 * Where a run's chunks lie in the audio topic, grown as they are read: one partition (the first a
 * chunk came from), first and last offset.
 */
final class AudioTopicRange {

  private int partition;
  private long firstOffset;
  private long lastOffset;

  AudioTopicRange() {
    this(-1, -1, -1);
  }

  AudioTopicRange(int partition, long firstOffset, long lastOffset) {
    this.partition = partition;
    this.firstOffset = firstOffset;
    this.lastOffset = lastOffset;
  }

  /** A chunk was read at {@code offset} of {@code partition}: the range grows to hold it. */
  void locate(int partition, long offset) {
    if (this.partition < 0) {
      this.partition = partition;
      firstOffset = offset;
      lastOffset = offset;
    } else if (partition == this.partition) {
      firstOffset = Math.min(firstOffset, offset);
      lastOffset = Math.max(lastOffset, offset);
    }
  }

  /** The range, or null when no chunk was located. */
  AudioRange range() {
    return partition < 0 ? null : new AudioRange(partition, firstOffset, lastOffset);
  }

  int partition() {
    return partition;
  }

  long firstOffset() {
    return firstOffset;
  }

  long lastOffset() {
    return lastOffset;
  }
}
