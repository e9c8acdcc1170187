package io.captionflow.job.source;

/**
 * One Kafka record as read, before decoding: kept whole so a bad one can go to the dead-letter
 * topic intact.
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
  }
}
