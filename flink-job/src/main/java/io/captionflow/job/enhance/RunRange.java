package io.captionflow.job.enhance;

import java.io.Serializable;

/**
 * Where one run's chunks lie in the audio topic: offsets {@code [firstOffset, lastOffset]} of one
 * partition (a session's records are keyed by its id, so they share a partition). Other sessions'
 * records in between are skipped by key.
 *
 * @param foundBy how the range was found, e.g. "the ENDED status", for progress lines
 */
public record RunRange(int partition, long firstOffset, long lastOffset, String foundBy)
    implements Serializable {

  public RunRange {
    if (partition < 0) {
      throw new IllegalArgumentException("audio partition must be >= 0, got " + partition);
    }
    if (firstOffset < 0 || lastOffset < firstOffset) {
      throw new IllegalArgumentException(
          "audio offsets must satisfy 0 <= first <= last, got ["
              + firstOffset
              + ", "
              + lastOffset
              + "]");
    }
  }

  /** Records in the range, the session's and others'. */
  public long records() {
    return lastOffset - firstOffset + 1;
  }

  @Override
  public String toString() {
    return "partition " + partition + " offsets " + firstOffset + ".." + lastOffset;
  }
}
