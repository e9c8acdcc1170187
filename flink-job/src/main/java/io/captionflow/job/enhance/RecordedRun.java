package io.captionflow.job.enhance;

/**
 * One run of a session as recorded in the audio topic, found by scanning: its chunks' offsets and
 * record timestamps, and how much audio it holds.
 *
 * @param audioSeconds its audio as the live job times it: every sequence up to the last, a missing
 *     one counted as long as the chunk before it
 * @param endOfStream it holds its end-of-stream chunk
 */
public record RecordedRun(
    int partition,
    long firstOffset,
    long lastOffset,
    long firstTimestamp,
    long lastTimestamp,
    long chunks,
    double audioSeconds,
    boolean endOfStream) {

  public RunRange range(String foundBy) {
    return new RunRange(partition, firstOffset, lastOffset, foundBy);
  }
}
