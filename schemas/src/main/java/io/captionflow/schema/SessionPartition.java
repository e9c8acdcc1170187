package io.captionflow.schema;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a topic that holds a session's records: every producer of our topics keys them
 * by session id (UTF-8) and leaves the choice to Kafka's default partitioner, which this repeats.
 */
public final class SessionPartition {

  private SessionPartition() {}

  /** The partition Kafka's default partitioner gives records keyed {@code sessionId}. */
  public static int of(String sessionId, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "a topic has at least one partition, got " + partitions + " for session " + sessionId);
    }
    return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
