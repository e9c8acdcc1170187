package io.captionflow.job.source;

/**
 * One Kafka record as read, before decoding: kept whole so a bad one can go to the dead-letter
 * topic intact. {@code timestamp} is its event time (the Kafka record timestamp; a bounded file
 * source sets its own), {@link #NO_TIMESTAMP} when unknown.
 */
public class RawRecord {
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  public String topic;
  public int partition;
  public long offset;
  public byte[] key;
  public byte[] value;
  public long timestamp = NO_TIMESTAMP;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
    this(topic, partition, offset, key, value, NO_TIMESTAMP);
  }

  public RawRecord(
      String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
  }
}
